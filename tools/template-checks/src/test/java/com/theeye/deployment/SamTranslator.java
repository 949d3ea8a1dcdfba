package com.theeye.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.theeye.testsupport.Fixtures;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Assumptions;

/**
 * template.yaml as CloudFormation receives it from the SAM transform ({@link SamTranslation}), once
 * per set of parameters. Where python3 or the translator is missing, tests that need it are skipped
 * with the reason.
 */
final class SamTranslator {

  private static final Map<Map<String, String>, JsonNode> TRANSLATED = new ConcurrentHashMap<>();
  private static volatile Optional<String> unavailable;

  private SamTranslator() {}

  /** The CloudFormation template for the defaults, with {@code parameters} overriding some. */
  static JsonNode translate(Map<String, String> parameters) {
    if (unavailable == null) {
      unavailable = SamTranslation.unavailable();
    }
    Assumptions.assumeTrue(
        unavailable.isEmpty(), () -> "SAM translator not available: " + unavailable.get());
    return TRANSLATED.computeIfAbsent(
        new TreeMap<>(parameters), p -> SamTranslation.translate(Fixtures.repoRoot(), p));
  }

  static JsonNode translate() {
    return translate(Map.of());
  }
}

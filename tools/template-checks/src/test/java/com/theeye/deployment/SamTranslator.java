package com.theeye.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.theeye.testsupport.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * template.yaml as CloudFormation receives it from the SAM transform: the installed SAM translator
 * (aws-sam-translator, the library `sam validate` and cfn-lint use) run by
 * src/test/python/sam_translate.py. Where python3 or the translator is missing, tests that need it
 * are skipped with the reason.
 */
final class SamTranslator {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path SCRIPT =
      Fixtures.repoRoot().resolve("tools/template-checks/src/test/python/sam_translate.py");
  private static final Map<Map<String, String>, JsonNode> TRANSLATED = new ConcurrentHashMap<>();
  private static volatile String unavailable;

  private SamTranslator() {}

  /** The CloudFormation template for the defaults, with {@code parameters} overriding some. */
  static JsonNode translate(Map<String, String> parameters) {
    Assumptions.assumeTrue(available(), () -> "SAM translator not available: " + unavailable);
    return TRANSLATED.computeIfAbsent(new TreeMap<>(parameters), SamTranslator::run);
  }

  static JsonNode translate() {
    return translate(Map.of());
  }

  private static boolean available() {
    if (unavailable == null) {
      try {
        Process probe =
            new ProcessBuilder("python3", "-c", "import samtranslator, yaml")
                .redirectErrorStream(true)
                .start();
        String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        unavailable =
            probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0
                ? ""
                : "python3 cannot import samtranslator (pip install aws-sam-translator): " + output;
      } catch (IOException e) {
        unavailable = "python3 is not installed (" + e.getMessage() + ")";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        unavailable = "interrupted while looking for python3";
      }
    }
    return unavailable.isEmpty();
  }

  private static JsonNode run(Map<String, String> parameters) {
    try {
      Path output = Files.createTempFile("sam-translated", ".json");
      Path errors = Files.createTempFile("sam-translate", ".log");
      try {
        Process process =
            new ProcessBuilder(
                    "python3",
                    SCRIPT.toString(),
                    Fixtures.repoRoot().resolve("template.yaml").toString(),
                    JSON.writeValueAsString(parameters))
                .redirectOutput(output.toFile())
                .redirectError(errors.toFile())
                .start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new AssertionError("the SAM translator took over 2 minutes");
        }
        if (process.exitValue() != 0) {
          throw new AssertionError(
              "the SAM translator refused template.yaml with "
                  + parameters
                  + ":\n"
                  + Files.readString(errors));
        }
        return JSON.readTree(output.toFile());
      } finally {
        Files.deleteIfExists(output);
        Files.deleteIfExists(errors);
      }
    } catch (IOException e) {
      throw new AssertionError("could not run " + SCRIPT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while translating", e);
    }
  }
}

package com.theeye.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * CloudFormation's own description of a resource type (its registry schema: which properties force
 * a replacement, their limits), as cfn-lint ships it for `make lint`. Tests that need it are
 * skipped with the reason where python3 or cfn-lint is missing.
 */
final class ResourceSchemas {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PRINT_SCHEMA =
      """
      import json, sys
      from cfnlint.schema import PROVIDER_SCHEMA_MANAGER
      print(json.dumps(PROVIDER_SCHEMA_MANAGER.get_resource_schema("us-east-1", sys.argv[1]).schema))
      """;

  /** Each type's schema, read once per test JVM: cfn-lint takes seconds to load its schemas. */
  private static final Map<String, JsonNode> READ = new ConcurrentHashMap<>();

  private ResourceSchemas() {}

  /** The registry schema of {@code type}, e.g. AWS::Lambda::Version. */
  static JsonNode of(String type) {
    return READ.computeIfAbsent(type, ResourceSchemas::read);
  }

  private static JsonNode read(String type) {
    try {
      Process process =
          new ProcessBuilder("python3", "-c", PRINT_SCHEMA, type).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("reading the schema of " + type + " took over 2 minutes");
      }
      Assumptions.assumeTrue(
          process.exitValue() == 0,
          () -> "cfn-lint's schemas not available (pip install cfn-lint): " + output);
      return JSON.readTree(output);
    } catch (IOException e) {
      return Assumptions.abort("python3 is not installed (" + e.getMessage() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while reading the schema of " + type, e);
    }
  }

  /** Whether changing {@code property} of a {@code type} makes CloudFormation replace it. */
  static boolean replacesOnChange(String type, String property) {
    for (JsonNode path : of(type).path("createOnlyProperties")) {
      if (path.asText().equals("/properties/" + property)) {
        return true;
      }
    }
    return false;
  }
}

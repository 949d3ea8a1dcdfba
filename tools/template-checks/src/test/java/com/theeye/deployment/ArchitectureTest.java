package com.theeye.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The functions run on arm64 (Graviton: a GB-second bills 20 % below x86_64) unless the
 * Architecture parameter says x86_64, with SnapStart either way: Lambda runs SnapStart for Java on
 * arm64 since July 2024. Whether the jars could run on both is {@link PureJavaJarsTest}'s question.
 */
class ArchitectureTest {

  @Test
  void everyFunctionRunsOnArm64ByDefaultWithSnapStart() {
    assertEquals(
        Collections.nCopies(functionCount(), "arm64 PublishedVersions"),
        functions(TemplateLogic.of(Map.of())));
  }

  @Test
  void x86IsAParameterAway() {
    assertEquals(
        Collections.nCopies(functionCount(), "x86_64 PublishedVersions"),
        functions(TemplateLogic.of(Map.of("Architecture", "x86_64"))));
    assertEquals(
        "[\"arm64\",\"x86_64\"]",
        SamTranslator.translate()
            .path("Parameters")
            .path("Architecture")
            .path("AllowedValues")
            .toString());
  }

  /** Every function of the template: each must follow the parameter. */
  private static int functionCount() {
    return Templates.functions(Templates.theTemplate()).size();
  }

  /** Each function's architecture and SnapStart setting, as CloudFormation resolves them. */
  private static List<String> functions(TemplateLogic logic) {
    List<String> functions = new ArrayList<>();
    logic
        .resources()
        .forEach(
            (id, resource) -> {
              if (resource.path("Type").asText().equals("AWS::Lambda::Function")) {
                JsonNode properties = resource.path("Properties");
                JsonNode architectures = properties.path("Architectures");
                assertEquals(1, architectures.size(), id + ": " + architectures);
                JsonNode architecture = architectures.get(0);
                String value =
                    architecture.has("Ref")
                        ? logic.value(architecture.get("Ref").asText())
                        : architecture.asText();
                functions.add(
                    value + " " + properties.path("SnapStart").path("ApplyOn").asText("none"));
              }
            });
    return functions;
  }
}

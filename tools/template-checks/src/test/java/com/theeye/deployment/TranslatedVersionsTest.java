package com.theeye.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * A deploy that only changes a parameter still reaches traffic: SAM names each function's version
 * after a hash of its code and environment, and the environment carries the parameters' values
 * (DEPLOY_PARAMETERS), so a new value makes a new version that the `live` alias moves to.
 */
class TranslatedVersionsTest {

  @Test
  void aNewMaxBodyBytesPublishesANewIngestVersionAndMovesTheAlias() {
    String before = version(SamTranslator.translate(), "IngestFunction");
    JsonNode changed = SamTranslator.translate(Map.of("MaxBodyBytes", "102400"));
    String after = version(changed, "IngestFunction");

    assertNotEquals(before, after);
    assertEquals(
        "{\"Fn::GetAtt\":[\"" + after + "\",\"Version\"]}",
        changed
            .path("Resources")
            .path("IngestFunctionAliaslive")
            .path("Properties")
            .path("FunctionVersion")
            .toString());
  }

  @Test
  void aNewIngestMemorySizePublishesANewIngestVersion() {
    assertNotEquals(
        version(SamTranslator.translate(), "IngestFunction"),
        version(SamTranslator.translate(Map.of("IngestMemorySize", "2048")), "IngestFunction"));
  }

  @Test
  void aSharedParameterPublishesEveryFunctionThatReadsIt() {
    JsonNode before = SamTranslator.translate();
    JsonNode after = SamTranslator.translate(Map.of("IndexShards", "16"));
    assertNotEquals(version(before, "ProcessorFunction"), version(after, "ProcessorFunction"));
    assertNotEquals(version(before, "QueryFunction"), version(after, "QueryFunction"));
    assertEquals(version(before, "IngestFunction"), version(after, "IngestFunction"));
  }

  @Test
  void aParameterNoFunctionReadsPublishesNothing() {
    JsonNode before = SamTranslator.translate();
    JsonNode after = SamTranslator.translate(Map.of("LogRetentionDays", "90"));
    for (String function : Set.of("IngestFunction", "ProcessorFunction", "QueryFunction")) {
      assertEquals(version(before, function), version(after, function), function);
    }
  }

  @Test
  void deployParametersNameEveryParameterTheFunctionsConfigurationUses() {
    SamTemplate source = Templates.theTemplate();
    Set<String> parameters = source.section("Parameters").keySet();
    for (String function : source.resourcesOfType("AWS::Serverless::Function")) {
      Map<String, Object> properties = new java.util.LinkedHashMap<>(source.properties(function));
      Map<String, Object> variables =
          new java.util.LinkedHashMap<>(
              SamTemplate.asMap(
                  SamTemplate.asMap(properties.remove("Environment"), function).get("Variables"),
                  function));
      Object listed = variables.remove(Templates.DEPLOY_PARAMETERS);
      properties.remove("Events"); // routes and event sources are not the function's configuration
      properties.put("Variables", variables);

      Set<String> used = new TreeSet<>();
      collectParameterRefs(properties, parameters, used);
      Set<String> deployed = new TreeSet<>();
      collectParameterRefs(listed, parameters, deployed);
      assertEquals(used, deployed, function + ": DEPLOY_PARAMETERS must list what it depends on");
    }
  }

  @Test
  void deployParametersReachTheFunctionAsOneLiteralString() {
    JsonNode variables =
        SamTranslator.translate()
            .path("Resources")
            .path("IngestFunction")
            .path("Properties")
            .path("Environment")
            .path("Variables");
    assertTrue(variables.path(Templates.DEPLOY_PARAMETERS).isTextual(), variables.toString());
    assertTrue(
        variables
            .path(Templates.DEPLOY_PARAMETERS)
            .asText()
            .contains("\"MaxBodyBytes\":\"1048576\""),
        variables.toString());
  }

  private static void collectParameterRefs(Object node, Set<String> parameters, Set<String> into) {
    if (node instanceof Map<?, ?> map) {
      if (map.size() == 1 && map.get("Ref") instanceof String name && parameters.contains(name)) {
        into.add(name);
      }
      map.values().forEach(value -> collectParameterRefs(value, parameters, into));
    } else if (node instanceof Iterable<?> list) {
      list.forEach(value -> collectParameterRefs(value, parameters, into));
    }
  }

  private static String version(JsonNode template, String function) {
    Set<String> versions = new TreeSet<>();
    template
        .path("Resources")
        .properties()
        .forEach(
            resource -> {
              if (resource.getKey().startsWith(function + "Version")
                  && resource.getValue().path("Type").asText().equals("AWS::Lambda::Version")) {
                versions.add(resource.getKey());
              }
            });
    assertEquals(1, versions.size(), function + " versions: " + versions);
    return versions.iterator().next();
  }
}

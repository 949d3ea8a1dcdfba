package com.theeye.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Parameter values that would make Lambda refuse the SQS event source mapping are refused by
 * CloudFormation before anything changes: a rule for the batch size, and a visibility timeout that
 * follows from the processor's timeout instead of being set beside it.
 */
class ParameterGuardsTest {

  @Test
  void aBatchAboveTenWithoutABatchingWindowIsRefused() {
    assertFalse(
        rulesHold(Map.of("ProcessorBatchSize", "100", "ProcessorBatchingWindowSeconds", "0")));
    assertFalse(
        rulesHold(Map.of("ProcessorBatchSize", "11", "ProcessorBatchingWindowSeconds", "0")));
  }

  @Test
  void smallBatchesOrABatchingWindowAreAccepted() {
    assertTrue(rulesHold(Map.of()));
    assertTrue(
        rulesHold(Map.of("ProcessorBatchSize", "10", "ProcessorBatchingWindowSeconds", "0")));
    assertTrue(rulesHold(Map.of("ProcessorBatchSize", "1", "ProcessorBatchingWindowSeconds", "0")));
    assertTrue(
        rulesHold(Map.of("ProcessorBatchSize", "10000", "ProcessorBatchingWindowSeconds", "1")));
  }

  @Test
  void everyAllowedProcessorTimeoutHidesMessagesForSixTimesAsLong() {
    SamTemplate template = Templates.theTemplate();
    Map<String, Object> timeout =
        SamTemplate.asMap(template.section("Parameters").get("ProcessorTimeout"), "timeout");
    List<?> allowed = SamTemplate.asList(timeout.get("AllowedValues"));
    Map<String, Object> mapping =
        SamTemplate.asMap(template.section("Mappings").get("ProcessorTimeouts"), "mapping");

    assertEquals(allowed.size(), mapping.size(), "one visibility timeout per allowed value");
    for (Object seconds : allowed) {
      Object visibility =
          SamTemplate.asMap(mapping.get(String.valueOf(seconds)), String.valueOf(seconds))
              .get("QueueVisibilityTimeout");
      long processor = Long.parseLong(String.valueOf(seconds));
      long hidden = Long.parseLong(String.valueOf(visibility));
      // Lambda refuses a queue that hides messages for less than the function's timeout; AWS
      // advises six times it, so a batch still being worked on is not delivered twice.
      assertTrue(hidden >= 6 * processor && hidden <= 43_200, seconds + " -> " + visibility);
    }
  }

  @Test
  void theQueueTakesItsVisibilityTimeoutFromTheMapping() {
    JsonNode queue =
        SamTranslator.translate(Map.of("ProcessorTimeout", "900"))
            .path("Resources")
            .path("EventsQueue")
            .path("Properties");
    assertEquals(
        "{\"Fn::FindInMap\":[\"ProcessorTimeouts\",{\"Ref\":\"ProcessorTimeout\"},"
            + "\"QueueVisibilityTimeout\"]}",
        queue.path("VisibilityTimeout").toString());
  }

  /**
   * Evaluates the translated template's Rules the way CloudFormation does before a change set: each
   * assertion must hold for the parameter values (defaults, then {@code overrides}).
   */
  private static boolean rulesHold(Map<String, String> overrides) {
    JsonNode translated = SamTranslator.translate();
    Map<String, String> values = new HashMap<>();
    translated
        .path("Parameters")
        .properties()
        .forEach(p -> values.put(p.getKey(), p.getValue().path("Default").asText()));
    values.putAll(overrides);
    JsonNode rules = translated.path("Rules");
    assertFalse(rules.isEmpty(), "the translated template keeps its Rules");
    boolean all = true;
    for (JsonNode rule : (Iterable<JsonNode>) rules::elements) {
      if (!rule.has("RuleCondition") || truth(rule.get("RuleCondition"), values)) {
        for (JsonNode assertion : rule.path("Assertions")) {
          all &= truth(assertion.get("Assert"), values);
        }
      }
    }
    return all;
  }

  private static boolean truth(JsonNode node, Map<String, String> values) {
    Map.Entry<String, JsonNode> function = node.properties().iterator().next();
    JsonNode arguments = function.getValue();
    return switch (function.getKey()) {
      case "Fn::And" -> all(arguments, values);
      case "Fn::Or" -> any(arguments, values);
      case "Fn::Not" -> !truth(arguments.get(0), values);
      case "Fn::Equals" -> value(arguments.get(0), values).equals(value(arguments.get(1), values));
      case "Fn::Contains" -> {
        String needle = value(arguments.get(1), values);
        boolean found = false;
        for (JsonNode candidate : arguments.get(0)) {
          found |= value(candidate, values).equals(needle);
        }
        yield found;
      }
      default -> throw new AssertionError("no evaluator for " + function.getKey() + ": " + node);
    };
  }

  private static boolean all(JsonNode conditions, Map<String, String> values) {
    boolean all = true;
    for (JsonNode condition : conditions) {
      all &= truth(condition, values);
    }
    return all;
  }

  private static boolean any(JsonNode conditions, Map<String, String> values) {
    boolean any = false;
    for (JsonNode condition : conditions) {
      any |= truth(condition, values);
    }
    return any;
  }

  private static String value(JsonNode node, Map<String, String> values) {
    if (node.isObject() && node.has("Ref")) {
      String name = node.get("Ref").asText();
      if (!values.containsKey(name)) {
        throw new AssertionError("a rule refers to " + name + ", which is not a parameter");
      }
      return values.get(name);
    }
    if (node.isValueNode()) {
      return node.asText();
    }
    throw new AssertionError("unexpected rule argument " + node);
  }
}

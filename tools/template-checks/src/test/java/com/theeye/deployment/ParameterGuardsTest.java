package com.theeye.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.theeye.testsupport.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parameter values that would make Lambda refuse the SQS event source mapping, or Application Auto
 * Scaling refuse a scalable target, are refused by CloudFormation before anything changes: rules
 * for the batch size and for capacity maximums below their minimums, a visibility timeout that
 * follows from the processor's timeout instead of being set beside it, and a target utilization
 * bounded as DynamoDB auto scaling bounds it.
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
  void aCapacityMaximumBelowItsMinimumIsRefused() {
    assertFalse(rulesHold(Map.of("EventsWriteCapacityMin", "100", "EventsWriteCapacityMax", "50")));
    assertFalse(
        rulesHold(Map.of("EventsWriteCapacityMin", "40000", "EventsWriteCapacityMax", "20000")));
    assertFalse(rulesHold(Map.of("EventsReadCapacityMin", "2", "EventsReadCapacityMax", "1")));
    // Refused under ON_DEMAND too: a nonsense pair is a mistake whether or not it is used yet.
    assertFalse(
        rulesHold(
            Map.of(
                "TableCapacityMode",
                "PROVISIONED",
                "EventsReadCapacityMin",
                "1000",
                "EventsReadCapacityMax",
                "500")));
  }

  @Test
  void aCapacityMaximumAtOrAboveItsMinimumIsAccepted() {
    assertTrue(rulesHold(Map.of("TableCapacityMode", "PROVISIONED")));
    assertTrue(rulesHold(Map.of("EventsWriteCapacityMin", "100", "EventsWriteCapacityMax", "100")));
    assertTrue(rulesHold(Map.of("EventsReadCapacityMin", "1", "EventsReadCapacityMax", "40000")));
  }

  /**
   * Rules compare text, so each capacity rule lists the ladder of values its parameters allow: for
   * every pair the parameters accept, the rule holds exactly when the maximum is not below the
   * minimum, and a value added to AllowedValues without the rule fails here.
   */
  @Test
  void theCapacityRulesDecideEveryPairTheParametersAllow() {
    TemplateLogic logic = TemplateLogic.of(Map.of());
    for (String kind : List.of("Write", "Read")) {
      String minimum = "Events" + kind + "CapacityMin";
      String maximum = "Events" + kind + "CapacityMax";
      List<Long> ladder = allowedNumbers(logic, minimum);
      assertEquals(ladder, allowedNumbers(logic, maximum), maximum);
      for (long low : ladder) {
        for (long high : ladder) {
          boolean accepted =
              logic
                  .with(Map.of(minimum, Long.toString(low), maximum, Long.toString(high)))
                  .rulesHold();
          assertEquals(high >= low, accepted, minimum + "=" + low + " " + maximum + "=" + high);
        }
      }
    }
  }

  /**
   * DynamoDB auto scaling takes a target utilization of 20 to 90 percent ("Managing throughput
   * capacity automatically with DynamoDB auto scaling", DynamoDB Developer Guide). CloudFormation
   * refuses any other value before it changes anything, naming the parameter ("must be a number not
   * greater than 90"); `make lint` (cfn-lint) refuses such a default the same way, as here.
   */
  @Test
  void aTargetUtilizationOutsideTwentyToNinetyPercentFailsMakeLint(@TempDir Path dir)
      throws IOException, InterruptedException {
    JsonNode utilization =
        SamTranslator.translate().path("Parameters").path("TableTargetUtilization");
    assertEquals(20, utilization.path("MinValue").asInt(), utilization.toString());
    assertEquals(90, utilization.path("MaxValue").asInt(), utilization.toString());

    String template = Fixtures.read("template.yaml");
    String declared = "  TableTargetUtilization:\n    Type: Number\n    Default: 70\n";
    assertTrue(template.contains(declared), "TableTargetUtilization is declared as expected");
    List<String> copies = new ArrayList<>();
    for (String percent : List.of("19", "91")) {
      Path copy = dir.resolve("template-" + percent + ".yaml");
      Files.writeString(copy, template.replace(declared, declared.replace("70", percent)));
      copies.add(copy.toString());
    }

    JsonNode findings = cfnLint(copies);
    for (String copy : copies) {
      List<String> about = new ArrayList<>();
      for (JsonNode finding : findings) {
        if (finding.path("Filename").asText().equals(copy)) {
          about.add(
              finding.path("Rule").path("Id").asText()
                  + " "
                  + finding.path("Location").path("Path").toString());
        }
      }
      assertEquals(
          List.of("E2015 [\"Parameters\",\"TableTargetUtilization\",\"Default\"]"), about, copy);
    }
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

  /**
   * The deletion function's settle time is the processor's suppression cache plus its timeout, for
   * every pair of values the two parameters allow: CloudFormation cannot add, so the mapping lists
   * each sum, and a value added to either parameter without its entries fails here.
   */
  @Test
  void everyAllowedSuppressionCacheAndProcessorTimeoutSettleADeletionForTheirSum() {
    SamTemplate template = Templates.theTemplate();
    Map<String, Object> mapping =
        SamTemplate.asMap(template.section("Mappings").get("DeletionSettleSeconds"), "mapping");
    List<?> caches =
        SamTemplate.asList(
            SamTemplate.asMap(template.section("Parameters").get("SuppressionCacheSeconds"), "p")
                .get("AllowedValues"));
    List<?> timeouts =
        SamTemplate.asList(
            SamTemplate.asMap(template.section("Parameters").get("ProcessorTimeout"), "p")
                .get("AllowedValues"));

    assertEquals(caches.size(), mapping.size(), "one row per SuppressionCacheSeconds");
    for (Object cache : caches) {
      Map<String, Object> row =
          SamTemplate.asMap(mapping.get(String.valueOf(cache)), "row " + cache);
      assertEquals(timeouts.size(), row.size(), "one entry per ProcessorTimeout, row " + cache);
      for (Object timeout : timeouts) {
        long expected =
            Long.parseLong(String.valueOf(cache)) + Long.parseLong(String.valueOf(timeout));
        assertEquals(
            String.valueOf(expected),
            String.valueOf(row.get(String.valueOf(timeout))),
            "SuppressionCacheSeconds " + cache + " + ProcessorTimeout " + timeout);
      }
    }
    JsonNode settle =
        SamTranslator.translate(Map.of("SuppressionCacheSeconds", "300", "ProcessorTimeout", "900"))
            .path("Resources")
            .path("DeletionFunction")
            .path("Properties")
            .path("Environment")
            .path("Variables")
            .path("DELETION_SETTLE_SECONDS");
    assertEquals(
        "{\"Fn::FindInMap\":[\"DeletionSettleSeconds\",{\"Ref\":\"SuppressionCacheSeconds\"},"
            + "{\"Ref\":\"ProcessorTimeout\"}]}",
        settle.toString());
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

  /** Whether CloudFormation accepts these values (defaults for the rest) before a change set. */
  private static boolean rulesHold(Map<String, String> overrides) {
    TemplateLogic logic = TemplateLogic.of(Map.of());
    assertFalse(
        logic.template().path("Rules").isEmpty(), "the translated template keeps its Rules");
    return logic.with(overrides).rulesHold();
  }

  private static List<Long> allowedNumbers(TemplateLogic logic, String parameter) {
    JsonNode allowed = logic.template().path("Parameters").path(parameter).path("AllowedValues");
    assertFalse(allowed.isEmpty(), parameter + " has AllowedValues");
    TreeSet<Long> numbers = new TreeSet<>();
    allowed.forEach(value -> numbers.add(Long.parseLong(value.asText())));
    return List.copyOf(numbers);
  }

  /**
   * cfn-lint's findings on these templates, as `make lint` runs it; skipped where it is missing.
   */
  private static JsonNode cfnLint(List<String> templates) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("cfn-lint", "-f", "json"));
    command.addAll(templates);
    Process lint;
    try {
      lint = new ProcessBuilder(command).redirectErrorStream(false).start();
    } catch (IOException e) {
      return Assumptions.abort(
          "cfn-lint is not installed (pip install cfn-lint): " + e.getMessage());
    }
    byte[] output = lint.getInputStream().readAllBytes();
    String errors = new String(lint.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!lint.waitFor(300, TimeUnit.SECONDS)) {
      lint.destroyForcibly();
      throw new AssertionError("cfn-lint took over 5 minutes");
    }
    JsonNode findings = new ObjectMapper().readTree(output);
    assertTrue(findings != null && findings.isArray(), "cfn-lint printed no findings: " + errors);
    return findings;
  }
}

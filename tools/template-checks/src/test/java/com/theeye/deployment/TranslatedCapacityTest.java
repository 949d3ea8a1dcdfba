package com.theeye.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * TableCapacityMode decides how the Events table and its by-category index are billed: on demand by
 * default, with nothing to scale; PROVISIONED with Application Auto Scaling target tracking on the
 * reads and writes of both, between the minimum and maximum parameters. The small tables stay on
 * demand either way (docs/PERFORMANCE.md says why), and the processor cannot write faster than the
 * provisioned maximum (docs/PERFORMANCE.md, "The bound").
 */
class TranslatedCapacityTest {

  private static final Map<String, String> PROVISIONED = Map.of("TableCapacityMode", "PROVISIONED");
  private static final String SCALING = "AWS::ApplicationAutoScaling::";

  /**
   * The fastest a conditional PutItem comes back: DynamoDB answers in single-digit milliseconds
   * ("What is Amazon DynamoDB?", DynamoDB Developer Guide); 5 ms makes the bound hold for all but
   * the fastest round trips.
   */
  private static final long FASTEST_PUT_MS = 5;

  @Test
  void onDemandByDefaultWithNothingToScale() {
    TemplateLogic logic = TemplateLogic.of(Map.of());
    assertEquals("ON_DEMAND", logic.value("TableCapacityMode"));

    assertEquals(Set.of(), resourcesOfType(logic, SCALING));
    JsonNode table = logic.resources().get("EventsTable").path("Properties");
    assertEquals("PAY_PER_REQUEST", logic.resolve(table.path("BillingMode")).asText());
    assertNull(logic.resolve(table.path("ProvisionedThroughput")));
    assertNull(logic.resolve(index(table).path("ProvisionedThroughput")));
  }

  @Test
  void provisionedTracksTheTargetOnReadsAndWritesOfTheTableAndItsIndex() {
    TemplateLogic logic = TemplateLogic.of(PROVISIONED);
    Map<String, JsonNode> resources = logic.resources();

    Map<String, String> targets = new TreeMap<>();
    for (String id : resourcesOfType(logic, SCALING + "ScalableTarget")) {
      JsonNode target = resources.get(id).path("Properties");
      String dimension = target.path("ScalableDimension").asText();
      String kind = dimension.endsWith("WriteCapacityUnits") ? "Write" : "Read";
      assertEquals("dynamodb", target.path("ServiceNamespace").asText(), id);
      assertEquals(
          "{\"Ref\":\"Events" + kind + "CapacityMin\"}", target.path("MinCapacity").toString(), id);
      assertEquals(
          "{\"Ref\":\"Events" + kind + "CapacityMax\"}", target.path("MaxCapacity").toString(), id);
      targets.put(dimension + " " + target.path("ResourceId").path("Fn::Sub").asText(), id);
    }
    assertEquals(
        Set.of(
            "dynamodb:table:WriteCapacityUnits table/${EventsTable}",
            "dynamodb:table:ReadCapacityUnits table/${EventsTable}",
            "dynamodb:index:WriteCapacityUnits table/${EventsTable}/index/by-category",
            "dynamodb:index:ReadCapacityUnits table/${EventsTable}/index/by-category"),
        targets.keySet());

    Set<String> tracked = new TreeSet<>();
    for (String id : resourcesOfType(logic, SCALING + "ScalingPolicy")) {
      JsonNode policy = resources.get(id).path("Properties");
      assertEquals("TargetTrackingScaling", policy.path("PolicyType").asText(), id);
      String target = policy.path("ScalingTargetId").path("Ref").asText();
      String dimension =
          resources.get(target).path("Properties").path("ScalableDimension").asText();
      JsonNode tracking = policy.path("TargetTrackingScalingPolicyConfiguration");
      assertEquals(
          "{\"Ref\":\"TableTargetUtilization\"}", tracking.path("TargetValue").toString(), id);
      String metric =
          tracking.path("PredefinedMetricSpecification").path("PredefinedMetricType").asText();
      assertEquals(
          dimension.endsWith("WriteCapacityUnits")
              ? "DynamoDBWriteCapacityUtilization"
              : "DynamoDBReadCapacityUtilization",
          metric,
          id);
      tracked.add(target);
    }
    assertEquals(Set.copyOf(targets.values()), tracked, "one policy per scalable target");

    JsonNode table = resources.get("EventsTable").path("Properties");
    assertEquals("PROVISIONED", logic.resolve(table.path("BillingMode")).asText());
    for (JsonNode throughput :
        List.of(
            logic.resolve(table.path("ProvisionedThroughput")),
            logic.resolve(index(table).path("ProvisionedThroughput")))) {
      assertEquals(
          "{\"Ref\":\"EventsReadCapacityMin\"}", throughput.path("ReadCapacityUnits").toString());
      assertEquals(
          "{\"Ref\":\"EventsWriteCapacityMin\"}", throughput.path("WriteCapacityUnits").toString());
    }
  }

  /**
   * DynamoDB supports service-linked roles, so Application Auto Scaling uses its own and the
   * template grants nothing ("Service-linked roles for Application Auto Scaling").
   */
  @Test
  void scalingNamesNoRoleAndAddsNoIam() {
    TemplateLogic provisioned = TemplateLogic.of(PROVISIONED);
    for (String id : resourcesOfType(provisioned, SCALING + "ScalableTarget")) {
      assertTrue(
          provisioned.resources().get(id).path("Properties").path("RoleARN").isMissingNode(), id);
    }
    assertEquals(
        resourcesOfType(TemplateLogic.of(Map.of()), "AWS::IAM::"),
        resourcesOfType(provisioned, "AWS::IAM::"));
  }

  @Test
  void theSmallTablesStayOnDemandInEitherMode() {
    for (Map<String, String> mode : List.of(Map.<String, String>of(), PROVISIONED)) {
      TemplateLogic logic = TemplateLogic.of(mode);
      for (String table : Templates.theTemplate().resourcesOfType("AWS::DynamoDB::Table")) {
        if (table.equals("EventsTable")) {
          continue;
        }
        JsonNode properties = logic.resources().get(table).path("Properties");
        assertEquals(
            "PAY_PER_REQUEST", properties.path("BillingMode").asText(), table + " " + mode);
      }
      JsonNode events = logic.resources().get("EventsTable");
      assertEquals("Retain", events.path("DeletionPolicy").asText(), mode.toString());
      assertEquals(
          "true",
          events.path("Properties").path("DeletionProtectionEnabled").asText(),
          mode.toString());
    }
  }

  /**
   * At most ProcessorMaximumConcurrency invocations store BatchConcurrency events at a time, each
   * put taking a write unit of the table and one of the index (an item of up to 1 KB): with the
   * defaults that stays within EventsWriteCapacityMax even at the fastest round trips, so once
   * autoscaling has reached its maximum, no write is throttled for want of capacity.
   */
  @Test
  void theProcessorCannotOutwriteTheProvisionedMaximum() {
    SamTemplate template = Templates.theTemplate();
    Object scaling =
        SamTemplate.asMap(
                Templates.events(template, Templates.PROCESSOR, "SQS").get("QueuedEvents"),
                "QueuedEvents")
            .get("ScalingConfig");
    long invocations =
        template.numberAtDefaults(
            SamTemplate.asMap(scaling, "ScalingConfig").get("MaximumConcurrency"));
    long perInvocation = template.numberAtDefaults(Map.of("Ref", "BatchConcurrency"));
    long maximum = template.numberAtDefaults(Map.of("Ref", "EventsWriteCapacityMax"));

    long putsPerSecond = invocations * perInvocation * 1000 / FASTEST_PUT_MS;
    assertTrue(
        putsPerSecond <= maximum,
        invocations
            + " invocations x "
            + perInvocation
            + " puts every "
            + FASTEST_PUT_MS
            + " ms = "
            + putsPerSecond
            + " writes/s, above EventsWriteCapacityMax "
            + maximum);
  }

  private static JsonNode index(JsonNode table) {
    for (JsonNode index : table.path("GlobalSecondaryIndexes")) {
      if (index.path("IndexName").asText().equals("by-category")) {
        return index;
      }
    }
    throw new AssertionError("EventsTable has no by-category index");
  }

  private static Set<String> resourcesOfType(TemplateLogic logic, String typePrefix) {
    Set<String> ids = new TreeSet<>();
    logic
        .resources()
        .forEach(
            (id, resource) -> {
              if (resource.path("Type").asText().startsWith(typePrefix)) {
                ids.add(id);
              }
            });
    return ids;
  }
}

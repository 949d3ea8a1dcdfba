package com.theeye.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * An operator hears about dead letters and failing invocations, and finds the stack's endpoints.
 */
class AlarmsAndOutputsTest {

  private final SamTemplate template = Templates.theTemplate();

  @Test
  void everyDeadLetterQueueAlarmsOnItsFirstMessage() {
    List<String> deadLetterQueues = new ArrayList<>();
    for (String queue : template.resourcesOfType("AWS::SQS::Queue")) {
      Object redrive = template.properties(queue).get("RedrivePolicy");
      if (redrive != null) {
        deadLetterQueues.add(
            SamTemplate.referencedResource(
                    SamTemplate.asMap(redrive, "RedrivePolicy").get("deadLetterTargetArn"))
                .orElseThrow());
      }
    }
    assertTrue(deadLetterQueues.contains(Templates.DEAD_LETTER_QUEUE), deadLetterQueues.toString());
    for (String deadLetterQueue : deadLetterQueues) {
      List<Object> dimensions =
          List.of(
              Map.of(
                  "Name",
                  "QueueName",
                  "Value",
                  Map.of("Fn::GetAtt", List.of(deadLetterQueue, "QueueName"))));
      Map<String, Object> alarm =
          template.resourcesOfType("AWS::CloudWatch::Alarm").stream()
              .map(template::properties)
              .filter(p -> "AWS/SQS".equals(p.get("Namespace")))
              .filter(p -> "ApproximateNumberOfMessagesVisible".equals(p.get("MetricName")))
              .filter(p -> dimensions.equals(p.get("Dimensions")))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no alarm on the depth of " + deadLetterQueue));
      assertFiresAboveZero(alarm);
    }
  }

  @Test
  void processorErrorsAlarmOnTheFirstFailedInvocation() {
    Map<String, Object> alarm =
        alarmOn("AWS/Lambda", "Errors")
            .orElseThrow(() -> new AssertionError("no alarm on processor errors"));
    assertFiresAboveZero(alarm);
    assertEquals(
        List.of(Map.of("Name", "FunctionName", "Value", Map.of("Ref", Templates.PROCESSOR))),
        alarm.get("Dimensions"));
  }

  @Test
  void everyAlarmNotifiesTheAlarmTopic() {
    for (String alarm : template.resourcesOfType("AWS::CloudWatch::Alarm")) {
      assertEquals(
          List.of(Map.of("Ref", "AlarmTopic")),
          template.properties(alarm).get("AlarmActions"),
          alarm);
    }
  }

  @Test
  void outputsNameTheApiTheQueuesAndTheTables() {
    Map<String, Object> outputs = template.section("Outputs");
    for (String output :
        List.of(
            "ApiUrl",
            "EventsApiUrl",
            "EventsQueryUrl",
            "InvalidEventsQueryUrl",
            "QueryRoutesArn",
            "DeletionRoutesArn",
            "DashboardUrl",
            "DashboardName",
            "SegmentApiUrl")) {
      assertTrue(outputs.containsKey(output), "missing output " + output);
    }
    // Every table (they outlive the stack: record them before removing it) and every queue.
    for (String table : template.resourcesOfType("AWS::DynamoDB::Table")) {
      assertEquals(
          Map.of("Ref", table),
          SamTemplate.asMap(outputs.get(table + "Name"), "missing output " + table + "Name")
              .get("Value"));
    }
    for (String queue : template.resourcesOfType("AWS::SQS::Queue")) {
      assertEquals(
          Map.of("Ref", queue),
          SamTemplate.asMap(outputs.get(queue + "Url"), "missing output " + queue + "Url")
              .get("Value"));
    }
    Object url = SamTemplate.asMap(outputs.get("EventsApiUrl"), "EventsApiUrl").get("Value");
    assertTrue(String.valueOf(url).endsWith("/api/v1/events}"), String.valueOf(url));
  }

  /**
   * The console's own host in each partition (console.aws.amazon.com, console.amazonaws.cn,
   * console.amazonaws-us-gov.com), never one built from AWS::URLSuffix, the service endpoints'
   * domain; in any other partition there is no such output rather than a wrong one.
   */
  @Test
  void dashboardUrlOpensTheDashboardInTheConsoleOfTheStacksPartition() {
    JsonNode translated = SamTranslator.translate();
    JsonNode output = translated.path("Outputs").path("DashboardUrl");
    Map<String, String> expected =
        Map.of(
            "aws",
            "https://console.aws.amazon.com/cloudwatch/home?region=eu-west-1#dashboards:name=D",
            "aws-cn",
            "https://console.amazonaws.cn/cloudwatch/home?region=cn-north-1#dashboards:name=D",
            "aws-us-gov",
            "https://console.amazonaws-us-gov.com/cloudwatch/home?region=us-gov-west-1#dashboards:name=D");
    Map<String, String> region =
        Map.of("aws", "eu-west-1", "aws-cn", "cn-north-1", "aws-us-gov", "us-gov-west-1");

    Map<String, String> actual = new TreeMap<>();
    translated
        .path("Mappings")
        .path("ConsoleHosts")
        .properties()
        .forEach(
            partition -> {
              JsonNode sub = output.path("Value").path("Fn::Sub");
              assertEquals(
                  "{\"Fn::FindInMap\":[\"ConsoleHosts\",{\"Ref\":\"AWS::Partition\"},\"Host\"]}",
                  sub.path(1).path("Host").toString());
              actual.put(
                  partition.getKey(),
                  sub.path(0)
                      .asText()
                      .replace("${Host}", partition.getValue().path("Host").asText())
                      .replace("${AWS::Region}", region.get(partition.getKey()))
                      .replace("${Dashboard}", "D"));
            });
    assertEquals(new TreeMap<>(expected), actual);

    assertEquals("HasConsoleHost", output.path("Condition").asText());
    assertEquals(
        "{\"Fn::Or\":[{\"Fn::Equals\":[{\"Ref\":\"AWS::Partition\"},\"aws\"]},"
            + "{\"Fn::Equals\":[{\"Ref\":\"AWS::Partition\"},\"aws-cn\"]},"
            + "{\"Fn::Equals\":[{\"Ref\":\"AWS::Partition\"},\"aws-us-gov\"]}]}",
        translated.path("Conditions").path("HasConsoleHost").toString());
  }

  /**
   * The query routes' and the deletion routes' grants: every GET, and every DELETE, below /api/v1/.
   */
  @Test
  void routeArnsCoverTheQueryAndDeletionRoutes() {
    Map<String, Object> outputs = template.section("Outputs");
    for (Map.Entry<String, String> route :
        Map.of("QueryRoutesArn", "GET", "DeletionRoutesArn", "DELETE").entrySet()) {
      Object value = SamTemplate.asMap(outputs.get(route.getKey()), route.getKey()).get("Value");
      assertTrue(
          String.valueOf(value).endsWith("${EventsApi}/*/" + route.getValue() + "/api/v1/*}"),
          route.getKey() + ": " + value);
    }
  }

  private Optional<Map<String, Object>> alarmOn(String namespace, String metric) {
    return template.resourcesOfType("AWS::CloudWatch::Alarm").stream()
        .map(template::properties)
        .filter(p -> namespace.equals(p.get("Namespace")) && metric.equals(p.get("MetricName")))
        .findFirst();
  }

  private static void assertFiresAboveZero(Map<String, Object> alarm) {
    assertEquals("GreaterThanThreshold", alarm.get("ComparisonOperator"));
    assertEquals(0, ((Number) alarm.get("Threshold")).intValue());
    assertEquals(1, ((Number) alarm.get("EvaluationPeriods")).intValue());
  }
}

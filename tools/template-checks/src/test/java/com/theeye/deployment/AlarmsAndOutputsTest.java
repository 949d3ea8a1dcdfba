package com.theeye.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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
  void deadLetterQueueAlarmsOnItsFirstMessage() {
    Map<String, Object> alarm =
        alarmOn("AWS/SQS", "ApproximateNumberOfMessagesVisible")
            .orElseThrow(() -> new AssertionError("no alarm on the DLQ depth"));
    assertFiresAboveZero(alarm);
    assertEquals(
        List.of(
            Map.of(
                "Name",
                "QueueName",
                "Value",
                Map.of("Fn::GetAtt", List.of(Templates.DEAD_LETTER_QUEUE, "QueueName")))),
        alarm.get("Dimensions"));
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
            "DashboardUrl",
            "DashboardName",
            "EventsQueueUrl",
            "EventsDeadLetterQueueUrl",
            "ApplicationsTableName",
            "EventsTableName",
            "SessionsTableName",
            "InvalidEventsTableName",
            "IdentitiesTableName",
            "SegmentApiUrl")) {
      assertTrue(outputs.containsKey(output), "missing output " + output);
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

package com.theeye.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
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
            "EventsQueueUrl",
            "EventsDeadLetterQueueUrl",
            "ApplicationsTableName",
            "EventsTableName",
            "SessionsTableName",
            "InvalidEventsTableName")) {
      assertTrue(outputs.containsKey(output), "missing output " + output);
    }
    Object url = SamTemplate.asMap(outputs.get("EventsApiUrl"), "EventsApiUrl").get("Value");
    assertTrue(String.valueOf(url).endsWith("/api/v1/events}"), String.valueOf(url));
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

package com.theeye.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Alarms and the dashboard as CloudFormation creates them from the translated template. */
class TranslatedMonitoringTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final JsonNode resources = SamTranslator.translate().path("Resources");

  @Test
  void alarmsCoverErrorsThrottlesQueueAgeAndTableThrottling() {
    Map<String, String> watched = new TreeMap<>();
    for (String alarm : ofType("AWS::CloudWatch::Alarm")) {
      JsonNode properties = resources.path(alarm).path("Properties");
      String metric = properties.path("Namespace").asText() + " " + properties.path("MetricName");
      if (properties.has("Metrics")) {
        List<String> metrics = new ArrayList<>();
        properties
            .path("Metrics")
            .forEach(
                m -> {
                  if (m.has("MetricStat")) {
                    metrics.add(m.path("MetricStat").path("Metric").path("MetricName").asText());
                  }
                });
        metric = "metric math over " + new TreeSet<>(metrics);
      }
      watched.put(alarm, metric.replace("\"", ""));
    }
    assertEquals("AWS/Lambda Errors", watched.get("IngestErrorsAlarm"));
    assertEquals("AWS/Lambda Throttles", watched.get("IngestThrottlesAlarm"));
    assertEquals("AWS/Lambda Throttles", watched.get("ProcessorThrottlesAlarm"));
    assertEquals("AWS/Lambda Errors", watched.get("ProcessorErrorsAlarm"));
    assertEquals(
        "metric math over [ApproximateAgeOfOldestMessage, ThrottledEventAge]",
        watched.get("EventsQueueAgeAlarm"));
    assertEquals(
        "AWS/SQS ApproximateNumberOfMessagesVisible", watched.get("DeadLetterQueueNotEmptyAlarm"));
    assertEquals("AWS/ApiGateway 5xx", watched.get("IngestServerErrorsAlarm"));
    assertEquals(
        "metric math over [ReadThrottleEvents, WriteThrottleEvents]",
        watched.get("TableThrottlesAlarm"));
    assertEquals(
        "AWS/SQS ApproximateNumberOfMessagesVisible",
        watched.get("DeletionsDeadLetterQueueNotEmptyAlarm"));
    assertEquals(
        "metric math over [ReadThrottleEvents, WriteThrottleEvents]",
        watched.get("DeletionsTableThrottlesAlarm"));
  }

  /**
   * "Alarms based on metric math expressions can reference a maximum of 10 metrics. This is a hard
   * limit" ("Limits that apply to alarms based on metric math expressions", CloudWatch User Guide):
   * CloudFormation would fail the alarm on deploy, which neither cfn-lint nor the translator sees.
   */
  @Test
  void noMetricMathAlarmReferencesMoreThanTenMetrics() {
    for (Map<String, String> mode :
        List.of(Map.<String, String>of(), Map.of("TableCapacityMode", "PROVISIONED"))) {
      TemplateLogic logic = TemplateLogic.of(mode);
      logic
          .resources()
          .forEach(
              (id, resource) -> {
                if (resource.path("Type").asText().equals("AWS::CloudWatch::Alarm")) {
                  int metrics = 0;
                  for (JsonNode element : resource.path("Properties").path("Metrics")) {
                    JsonNode metric = logic.resolve(element);
                    if (metric != null && metric.has("MetricStat")) {
                      metrics++;
                    }
                  }
                  assertTrue(metrics <= 10, id + " references " + metrics + " metrics " + mode);
                }
              });
    }
  }

  /** Every table's reads and writes, each counted by exactly one throttles alarm. */
  @Test
  void tableThrottlesAlarmsSumReadsAndWritesOfEveryTableOnDemand() {
    Set<String> counted = throttlesCounted(TemplateLogic.of(Map.of()));

    Set<String> expected = new TreeSet<>();
    for (String table : ofType("AWS::DynamoDB::Table")) {
      expected.add(table + " ReadThrottleEvents");
      expected.add(table + " WriteThrottleEvents");
    }
    assertEquals(expected, counted, "every table's throttling counts");
  }

  @Test
  void underProvisionedCapacityTheEventsTablesWriteThrottlingIsLeftToTheQueueAgeAlarm() {
    Set<String> counted =
        throttlesCounted(TemplateLogic.of(Map.of("TableCapacityMode", "PROVISIONED")));

    Set<String> expected = new TreeSet<>();
    for (String table : ofType("AWS::DynamoDB::Table")) {
      expected.add(table + " ReadThrottleEvents");
      expected.add(table + " WriteThrottleEvents");
    }
    // Expected during every burst while autoscaling catches up, and handled: the processor retries
    // and hands back, nothing is lost or dead-lettered.
    expected.remove("EventsTable WriteThrottleEvents");
    assertEquals(expected, counted);
  }

  @Test
  void queueAgeAlarmWatchesTheOlderOfTheQueuesOldestMessageAndTheEventsHandedBack() {
    TemplateLogic logic = TemplateLogic.of(Map.of());
    JsonNode alarm = logic.resources().get("EventsQueueAgeAlarm").path("Properties");
    Map<String, String> metrics = new TreeMap<>();
    String expression = "";
    for (JsonNode metric : alarm.path("Metrics")) {
      if (metric.has("Expression")) {
        expression = metric.path("Expression").asText();
        assertTrue(metric.path("ReturnData").asBoolean(), "the age is what the alarm watches");
      } else {
        JsonNode watched = metric.path("MetricStat").path("Metric");
        metrics.put(
            metric.path("Id").asText(),
            watched.path("Namespace").toString() + " " + watched.path("MetricName").asText());
        assertEquals("Maximum", metric.path("MetricStat").path("Stat").asText());
      }
    }
    assertEquals(
        Map.of(
            "queued",
            "\"AWS/SQS\" ApproximateAgeOfOldestMessage",
            "handedback",
            "{\"Fn::Sub\":\"TheEye/${AWS::StackName}\"} ThrottledEventAge"),
        metrics,
        "SQS's age starts again with each hand-back's new message; the events' own age does not");
    assertEquals("MAX([FILL(queued, 0), FILL(handedback, 0)])", expression);
    assertEquals("{\"Ref\":\"QueueAgeAlarmSeconds\"}", alarm.path("Threshold").toString());
  }

  /**
   * "Table Metric" for each throttle metric the table-throttles alarms' sums count, over every
   * alarm that watches DynamoDB throttling; a metric counted by two alarms fails.
   */
  private Set<String> throttlesCounted(TemplateLogic logic) {
    Set<String> counted = new TreeSet<>();
    logic
        .resources()
        .forEach(
            (id, resource) -> {
              if (resource.path("Type").asText().equals("AWS::CloudWatch::Alarm")
                  && resource.path("Properties").path("Metrics").toString().contains("Throttle")
                  && resource
                      .path("Properties")
                      .path("Metrics")
                      .toString()
                      .contains("AWS/DynamoDB")) {
                for (String metric : throttlesCounted(logic, id)) {
                  assertTrue(counted.add(metric), metric + " is counted twice (" + id + ")");
                }
              }
            });
    return counted;
  }

  /** "Table Metric" for each throttle metric one table-throttles alarm's sum counts. */
  private Set<String> throttlesCounted(TemplateLogic logic, String alarmId) {
    JsonNode alarm = logic.resources().get(alarmId).path("Properties");
    Map<String, String> metrics = new TreeMap<>();
    String expression = "";
    for (JsonNode element : alarm.path("Metrics")) {
      JsonNode metric = logic.resolve(element);
      if (metric == null) {
        continue;
      }
      if (metric.has("Expression")) {
        expression = logic.resolve(metric.path("Expression")).asText();
        assertTrue(metric.path("ReturnData").asBoolean(), "the sum is what the alarm watches");
      } else {
        JsonNode watched = metric.path("MetricStat").path("Metric");
        metrics.put(
            metric.path("Id").asText(),
            watched.path("Dimensions").get(0).path("Value").path("Ref").asText()
                + " "
                + watched.path("MetricName").asText());
      }
    }
    Set<String> counted = new TreeSet<>();
    for (Map.Entry<String, String> metric : metrics.entrySet()) {
      assertTrue(
          expression.contains("FILL(" + metric.getKey() + ", 0)"),
          metric.getKey() + " is queried but not summed: " + expression);
      counted.add(metric.getValue());
    }
    return counted;
  }

  @Test
  void everyAlarmNotifiesTheAlarmTopicBothWays() {
    for (String alarm : ofType("AWS::CloudWatch::Alarm")) {
      JsonNode properties = resources.path(alarm).path("Properties");
      assertEquals("[{\"Ref\":\"AlarmTopic\"}]", properties.path("AlarmActions").toString(), alarm);
      assertEquals("[{\"Ref\":\"AlarmTopic\"}]", properties.path("OKActions").toString(), alarm);
    }
  }

  @Test
  void dashboardShowsTheApiTheFunctionsMetricsTheQueuesDurationsAndColdStarts() throws Exception {
    JsonNode dashboard = dashboard();
    String body = dashboard.toString();
    for (String shown :
        List.of(
            "\"AWS/ApiGateway\",\"Count\"",
            "\"AWS/ApiGateway\",\"4xx\"",
            "\"AWS/ApiGateway\",\"5xx\"",
            "MetricName=\\\"EventsAccepted\\\"",
            "\"EventsStored\"",
            "\"EventsInvalid\"",
            "\"EventsDuplicate\"",
            "\"EventsThrottled\"",
            "\"ThrottledEventAge\"",
            "ApproximateNumberOfMessagesDelayed",
            "ApproximateNumberOfMessagesVisible",
            "ApproximateAgeOfOldestMessage",
            "\"AWS/Lambda\",\"Duration\"",
            "restoreDurationMs")) {
      assertTrue(body.contains(shown), "the dashboard does not show " + shown);
    }
    String source = dashboardSource();
    assertTrue(
        source.contains("{TheEye/${AWS::StackName},Application}"), "accepted per application");
    assertTrue(
        source.contains("${EventsDeadLetterQueue.QueueName}"), "the dead-letter queue's depth");
  }

  @Test
  void dashboardNamesOnlyResourcesOfThisStack() throws Exception {
    String body = dashboardSource();
    Set<String> logicalIds = new TreeSet<>();
    resources.fieldNames().forEachRemaining(logicalIds::add);
    java.util.regex.Matcher reference =
        java.util.regex.Pattern.compile("\\$\\{([A-Za-z0-9]+)(\\.[A-Za-z]+)?}").matcher(body);
    while (reference.find()) {
      assertTrue(logicalIds.contains(reference.group(1)), "unknown resource " + reference.group());
    }
    assertFalse(body.contains("${AWS::AccountId}"), "no account id is needed in the body");
  }

  private JsonNode dashboard() throws Exception {
    // ${...} are Fn::Sub's; any placeholder keeps the JSON valid.
    return JSON.readTree(dashboardSource().replaceAll("\\$\\{[^}]+}", "x"));
  }

  private String dashboardSource() {
    JsonNode body =
        resources.path("Dashboard").path("Properties").path("DashboardBody").path("Fn::Sub");
    assertTrue(body.isTextual(), "DashboardBody is one Fn::Sub string");
    return body.asText();
  }

  private List<String> ofType(String type) {
    List<String> ids = new ArrayList<>();
    resources
        .properties()
        .forEach(
            r -> {
              if (r.getValue().path("Type").asText().equals(type)) {
                ids.add(r.getKey());
              }
            });
    return ids;
  }
}

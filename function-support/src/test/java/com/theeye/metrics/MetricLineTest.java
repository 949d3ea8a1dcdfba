package com.theeye.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.theeye.event.ExactJson;
import com.theeye.log.Invocation;
import com.theeye.log.StubContext;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MetricLineTest {

  private static final Instant TIME = Instant.parse("2026-03-01T10:00:00Z");

  @Test
  void isAnEmbeddedMetricFormatDocument() throws Exception {
    JsonNode line =
        ExactJson.MAPPER.readTree(
            new MetricLine("TheEye/the-eye", TIME)
                .dimension("Application", "0e302fce-66ad-4721-911e-0ab9d33697bf")
                .count("EventsAccepted", 3)
                .json());

    assertEquals(
        ExactJson.MAPPER.readTree(
            """
            {"Timestamp": 1772359200000,
             "CloudWatchMetrics": [{
               "Namespace": "TheEye/the-eye",
               "Dimensions": [["Application"]],
               "Metrics": [{"Name": "EventsAccepted", "Unit": "Count"}]}]}
            """),
        line.get("_aws"));
    // Every dimension and metric named in the directive is a member of the root (the spec's rule).
    assertEquals("0e302fce-66ad-4721-911e-0ab9d33697bf", line.get("Application").asText());
    assertEquals(3, line.get("EventsAccepted").asLong());
    assertEquals("INFO", line.get("level").asText());
  }

  @Test
  void staysAnEmbeddedMetricFormatDocumentWithTheInvocationsFields() throws Exception {
    Invocation invocation =
        Invocation.of(
            new StubContext("request-1", "Root=1-5759e988-bd862e3fe1be46a994272793"), true);

    JsonNode line =
        ExactJson.MAPPER.readTree(
            invocation.call(
                () ->
                    new MetricLine("TheEye/the-eye", TIME)
                        .dimension("Application", "0e302fce-66ad-4721-911e-0ab9d33697bf")
                        .count("EventsAccepted", 3)
                        .json()));

    // The spec lets the root hold members the directive does not name ("Specification: Embedded
    // metric format", root node); they stay log fields and never become metrics or dimensions.
    assertEquals("request-1", line.get(Invocation.REQUEST_ID).asText());
    assertTrue(line.get(Invocation.COLD_START).asBoolean());
    assertEquals("1-5759e988-bd862e3fe1be46a994272793", line.get(Invocation.TRACE_ID).asText());
    JsonNode directive = line.at("/_aws/CloudWatchMetrics/0");
    assertEquals("[[\"Application\"]]", directive.get("Dimensions").toString());
    assertEquals(
        "[{\"Name\":\"EventsAccepted\",\"Unit\":\"Count\"}]", directive.get("Metrics").toString());
    assertEquals(TIME.toEpochMilli(), line.at("/_aws/Timestamp").asLong());
    assertEquals(3, line.get("EventsAccepted").asLong());
    assertEquals("0e302fce-66ad-4721-911e-0ab9d33697bf", line.get("Application").asText());
  }

  @Test
  void withoutDimensionsPublishesOneEmptyDimensionSet() throws Exception {
    JsonNode line =
        ExactJson.MAPPER.readTree(
            new MetricLine("TheEye/the-eye", TIME).count("EventsStored", 0).json());

    assertEquals("[[]]", line.at("/_aws/CloudWatchMetrics/0/Dimensions").toString());
    assertEquals(0, line.get("EventsStored").asLong());
  }

  @Test
  void publishesAnAgeInSecondsBesideTheCounts() throws Exception {
    JsonNode line =
        ExactJson.MAPPER.readTree(
            new MetricLine("TheEye/the-eye", TIME)
                .count("EventsThrottled", 2)
                .seconds("ThrottledEventAge", 95)
                .json());

    assertEquals(
        "[{\"Name\":\"EventsThrottled\",\"Unit\":\"Count\"},"
            + "{\"Name\":\"ThrottledEventAge\",\"Unit\":\"Seconds\"}]",
        line.at("/_aws/CloudWatchMetrics/0/Metrics").toString());
    assertEquals(95, line.get("ThrottledEventAge").asLong());
  }

  @Test
  void refusesALineWithoutCountsOrNamespace() {
    assertThrows(IllegalStateException.class, () -> new MetricLine("TheEye", TIME).json());
    assertThrows(IllegalArgumentException.class, () -> new MetricLine(" ", TIME));
  }
}

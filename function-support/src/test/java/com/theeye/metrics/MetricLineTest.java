package com.theeye.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.theeye.event.ExactJson;
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
  void withoutDimensionsPublishesOneEmptyDimensionSet() throws Exception {
    JsonNode line =
        ExactJson.MAPPER.readTree(
            new MetricLine("TheEye/the-eye", TIME).count("EventsStored", 0).json());

    assertEquals("[[]]", line.at("/_aws/CloudWatchMetrics/0/Dimensions").toString());
    assertEquals(0, line.get("EventsStored").asLong());
  }

  @Test
  void refusesALineWithoutCountsOrNamespace() {
    assertThrows(IllegalStateException.class, () -> new MetricLine("TheEye", TIME).json());
    assertThrows(IllegalArgumentException.class, () -> new MetricLine(" ", TIME));
  }
}

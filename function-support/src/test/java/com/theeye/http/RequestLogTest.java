package com.theeye.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.theeye.event.EventCodec;
import com.theeye.log.LogLine;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class RequestLogTest {

  private record Answered(HttpResponse response, String problem) implements HttpOutcome {
    @Override
    public void describe(LogLine line) {
      line.with("query", "session").with("results", 2);
    }
  }

  @Test
  void anAnsweredRequestIsInfoWithTheFunctionsFieldsBetweenStatusAndLatency() {
    String line =
        RequestLog.line(
            "query request",
            new Answered(HttpResponse.json(200, EventCodec.JSON.createObjectNode()), null),
            1_234_567);

    assertEquals(
        "{\"level\":\"INFO\",\"message\":\"query request\",\"status\":200,\"query\":\"session\","
            + "\"results\":2,\"latency_ms\":1.23}",
        line);
  }

  @Test
  void aRefusedRequestIsWarnAndSaysWhy() {
    String line =
        RequestLog.line(
            "ingest request",
            new Answered(HttpResponse.detail(401, "Untrusted application."), "untrusted"),
            0);

    assertEquals(
        "{\"level\":\"WARN\",\"message\":\"ingest request\",\"status\":401,\"query\":\"session\","
            + "\"results\":2,\"latency_ms\":0.0,\"problem\":\"untrusted\"}",
        line);
  }

  @Test
  void aFailedRequestIsError() {
    String line =
        RequestLog.line(
            "ingest request",
            new Answered(HttpResponse.detail(503, "retry later"), "queue unavailable"),
            0);

    assertEquals("ERROR", json(line).get("level").asText());
  }

  private static JsonNode json(String line) {
    try {
      return EventCodec.JSON.readTree(line);
    } catch (IOException e) {
      throw new AssertionError(line, e);
    }
  }
}

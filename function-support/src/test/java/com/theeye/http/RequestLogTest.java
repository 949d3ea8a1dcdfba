package com.theeye.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.theeye.event.ExactJson;
import com.theeye.log.LogLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
            new Answered(HttpResponse.json(200, ExactJson.MAPPER.createObjectNode()), null),
            1_234_567);

    assertEquals(
        "{\"level\":\"INFO\",\"message\":\"query request\",\"status\":200,\"query\":\"session\","
            + "\"results\":2,\"latency_ms\":1.23}",
        line);
  }

  @ParameterizedTest
  @CsvSource({"401, WARN", "404, WARN", "503, ERROR"})
  void aRefusedRequestIsWarnAFailedOneErrorAndBothSayWhy(int status, String level) {
    String line =
        RequestLog.line(
            "ingest request", new Answered(HttpResponse.detail(status, "no"), "why not"), 0);

    assertEquals(
        "{\"level\":\""
            + level
            + "\",\"message\":\"ingest request\",\"status\":"
            + status
            + ",\"query\":\"session\",\"results\":2,\"latency_ms\":0.0,\"problem\":\"why not\"}",
        line);
  }
}

package com.theeye.query;

import com.theeye.http.ApiGatewayEvents;
import com.theeye.http.HttpRequest;
import com.theeye.http.RequestLog;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.UUID;

/**
 * SnapStart priming for the query function: answers a session query and a sharded time-range query
 * before the snapshot, so a restored environment finds its classes loaded, its hot methods compiled
 * and the DynamoDB client's Query path already taken. Read-only by nature: the session is random
 * and the range lies in 2000, so both come back empty.
 */
final class QueryPriming {

  /** Each round is a few Queries plus microseconds of work; enough for C1 to compile the path. */
  static final int ROUNDS = 10;

  private final QueryService service;

  QueryPriming(QueryService service) {
    this.service = service;
  }

  void prime() {
    for (int round = 0; round < ROUNDS; round++) {
      answer(Map.of("session_id", UUID.randomUUID().toString()));
      answer(Map.of("from", "2000-01-01T00:00:00Z", "to", "2000-01-01T00:01:00Z", "limit", "10"));
    }
  }

  private void answer(Map<String, String> parameters) {
    QueryOutcome outcome =
        service.handle(
            new HttpRequest("GET", "/api/v1/events/", Map.of(), parameters, new byte[0]));
    if (outcome.response().status() != 200) {
      throw new IllegalStateException(
          "priming query answered "
              + outcome.response().status()
              + ": "
              + outcome.response().body());
    }
    try {
      ApiGatewayEvents.encode(outcome.response(), OutputStream.nullOutputStream());
      RequestLog.line("query request", outcome, 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

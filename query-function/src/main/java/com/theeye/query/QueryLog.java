package com.theeye.query;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.theeye.event.EventCodec;

/** One structured line per request: status, query kind, result count, latency, problem. */
final class QueryLog {

  private QueryLog() {}

  static String line(QueryOutcome outcome, long elapsedNanos) {
    ObjectNode line = EventCodec.JSON.createObjectNode();
    int status = outcome.response().status();
    line.put("level", status >= 500 ? "ERROR" : status >= 400 ? "WARN" : "INFO");
    line.put("message", "query request");
    line.put("status", status);
    line.put("query", outcome.kind());
    line.put("results", outcome.results());
    line.put("latency_ms", Math.round(elapsedNanos / 10_000.0) / 100.0);
    if (outcome.problem() != null) {
      line.put("problem", outcome.problem());
    }
    return EventCodec.write(line);
  }
}

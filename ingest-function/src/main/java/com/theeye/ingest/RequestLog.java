package com.theeye.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.theeye.event.EventCodec;

/**
 * One structured line per request: status, application, event count, latency and why it failed.
 * Never the body.
 */
final class RequestLog {

  private RequestLog() {}

  static String line(IngestOutcome outcome, long elapsedNanos) {
    ObjectNode line = EventCodec.JSON.createObjectNode();
    int status = outcome.response().status();
    line.put("level", status >= 500 ? "ERROR" : status >= 400 ? "WARN" : "INFO");
    line.put("message", "ingest request");
    line.put("status", status);
    line.put("application", outcome.application());
    line.put("events", outcome.events());
    line.put("latency_ms", Math.round(elapsedNanos / 10_000.0) / 100.0);
    if (outcome.problem() != null) {
      line.put("problem", outcome.problem());
    }
    return EventCodec.write(line);
  }
}

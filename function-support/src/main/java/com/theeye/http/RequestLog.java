package com.theeye.http;

import com.theeye.log.LogLine;
import com.theeye.log.LogLine.Level;

/**
 * The one log line per request of every function behind API Gateway: {@code level} (by status),
 * {@code message}, {@code status}, the function's own fields, {@code latency_ms} and, when the
 * request was not answered as asked, {@code problem}.
 */
final class RequestLog {

  private RequestLog() {}

  /**
   * @param message what the line is about, e.g. {@code ingest request}
   * @param elapsedNanos how long the request took
   */
  static String line(String message, HttpOutcome outcome, long elapsedNanos) {
    int status = outcome.response().status();
    LogLine line = new LogLine(levelOf(status), message).with("status", status);
    outcome.describe(line);
    line.with("latency_ms", Math.round(elapsedNanos / 10_000.0) / 100.0);
    if (outcome.problem() != null) {
      line.with("problem", outcome.problem());
    }
    return line.json();
  }

  private static Level levelOf(int status) {
    return status >= 500 ? Level.ERROR : status >= 400 ? Level.WARN : Level.INFO;
  }
}

package com.theeye.http;

import com.theeye.log.LogLine;
import com.theeye.metrics.MetricLine;
import java.time.Instant;

/**
 * What a function's service answered a request, and what the request's log line says about it:
 * never a body, which may carry event content.
 */
public interface HttpOutcome {

  /** The answer to send. */
  HttpResponse response();

  /** Why the request was refused or failed, for the log; null when it was answered. */
  String problem();

  /**
   * Adds the function's own fields to the request's log line, e.g. {@code application} and {@code
   * events}; {@link RequestLog} puts them between {@code status} and {@code latency_ms}.
   */
  void describe(LogLine line);

  /**
   * Adds the request's counts to the function's metric line; false when the request counts for
   * nothing and no line is written. By default a function publishes no metrics.
   */
  default boolean count(MetricLine line) {
    return false;
  }

  /**
   * The time the request's metric line is published at: by default {@code now}; the ingest's is the
   * minute its events were received in, so that its count reconciles with their outcomes.
   */
  default Instant metricTime(Instant now) {
    return now;
  }
}

package com.theeye.ingest;

import com.theeye.http.HttpOutcome;
import com.theeye.http.HttpResponse;
import com.theeye.log.LogLine;
import com.theeye.metrics.MetricLine;

/**
 * What the ingest service answered and what the request log should say about it (never the body).
 *
 * @param response the HTTP answer
 * @param application the sender's application id as given, or null when there was none
 * @param events how many events were enqueued
 * @param problem why the request was not accepted, for the log; null when it was
 */
record IngestOutcome(HttpResponse response, String application, int events, String problem)
    implements HttpOutcome {

  @Override
  public void describe(LogLine line) {
    line.with("application", application).with("events", events);
  }

  /**
   * {@code EventsAccepted} per application, for accepted requests only (202, or Segment's 200): the
   * application is then one the Applications table trusts, so the dimension's values stay few and
   * ours, never a sender's arbitrary header.
   */
  @Override
  public boolean count(MetricLine line) {
    if (response().status() / 100 != 2 || events == 0) {
      return false;
    }
    line.dimension("Application", application).count("EventsAccepted", events);
    return true;
  }
}

package com.theeye.ingest;

import com.theeye.accounting.AccountingLines;
import com.theeye.accounting.AccountingMetric;
import com.theeye.accounting.MinuteTally;
import com.theeye.http.HttpOutcome;
import com.theeye.http.HttpResponse;
import com.theeye.log.LogLine;
import com.theeye.metrics.MetricLine;
import java.time.Instant;
import java.util.Optional;

/**
 * What the ingest service answered and what the request log should say about it (never the body).
 *
 * @param response the HTTP answer
 * @param application the sender's application id as given, or null when there was none
 * @param events how many events were enqueued
 * @param problem why the request was not accepted, for the log; null when it was
 * @param receivedAt when the enqueued events were received (their {@code received_at}); empty when
 *     none were
 */
record IngestOutcome(
    HttpResponse response,
    String application,
    int events,
    String problem,
    Optional<Instant> receivedAt)
    implements HttpOutcome {

  /** A request that enqueued nothing. */
  IngestOutcome(HttpResponse response, String application, int events, String problem) {
    this(response, application, events, problem, Optional.empty());
  }

  @Override
  public void describe(LogLine line) {
    line.with("application", application).with("events", events);
  }

  /**
   * {@code EventsAccepted} per application, for accepted requests only (202, or Segment's 200): the
   * application is then one the Applications table trusts, so the dimension's values stay few and
   * ours, never a sender's arbitrary header. The accounting's first count ({@link
   * AccountingMetric#ACCEPTED}).
   */
  @Override
  public boolean count(MetricLine line) {
    if (response().status() / 100 != 2 || events == 0) {
      return false;
    }
    line.dimension(AccountingLines.APPLICATION, application)
        .rolledUpAs(AccountingLines.ROLL_UP, AccountingLines.ALL_APPLICATIONS)
        .count(AccountingMetric.ACCEPTED.metricName(), events);
    return true;
  }

  /** The minute the events were received in, which their outcomes are counted under too. */
  @Override
  public Instant metricTime(Instant now) {
    return receivedAt.map(MinuteTally::minuteOf).orElse(now);
  }
}

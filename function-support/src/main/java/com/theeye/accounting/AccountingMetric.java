package com.theeye.accounting;

import java.util.Arrays;
import java.util.Optional;

/**
 * The counts that reconcile one application's minute of arrivals: every event answered 202 ({@link
 * #ACCEPTED}) ends up as exactly one of {@link #STORED}, {@link #INVALID}, {@link #DUPLICATE},
 * {@link #SUPPRESSED} or {@link #DEAD_LETTERED}, counted in the minute it was received (its {@code
 * received_at}), not the minute it was processed. One more moves an event between them later:
 * {@link #REVALIDATED} takes an invalid event to stored when a replay stores it. Each is a
 * CloudWatch metric of the stack's namespace with the dimension {@code Application} ({@link
 * AccountingLines}); {@link #INVALID} and {@link #REVALIDATED} also with {@code Application} and
 * {@code Reason}.
 */
public enum AccountingMetric {
  /** Answered 202 (or Segment's 200) by the ingest function: on the queue. */
  ACCEPTED("EventsAccepted"),
  /** Stored in Events, once: a first delivery, or a redelivery of the accept that stored it. */
  STORED("EventsStored"),
  /** Stored in InvalidEvents, once, with its reason. */
  INVALID("EventsInvalid"),
  /** Already stored by another accept: a client's retry, a messageId sent again. */
  DUPLICATE("EventsDuplicate"),
  /**
   * Not stored, neither valid nor invalid: its person (user or anonymous id) was deleted and their
   * later events are suppressed until an operator lifts it.
   */
  SUPPRESSED("EventsSuppressed"),
  /** Failed on its message's last receive: SQS moves the message to the dead-letter queue. */
  DEAD_LETTERED("EventsDeadLettered"),
  /** An invalid event a replay stored: no longer invalid, stored. */
  REVALIDATED("EventsRevalidated");

  private final String metricName;

  AccountingMetric(String metricName) {
    this.metricName = metricName;
  }

  /** The CloudWatch metric name, e.g. {@code EventsStored}. */
  public String metricName() {
    return metricName;
  }

  /** The metric a CloudWatch metric name stands for. */
  public static Optional<AccountingMetric> ofMetricName(String name) {
    return Arrays.stream(values()).filter(m -> m.metricName.equals(name)).findFirst();
  }

  /** Whether the metric is counted per reason too ({@code Reason} dimension). */
  public boolean byReason() {
    return this == INVALID || this == REVALIDATED;
  }
}

package com.theeye.accounting;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One count an event adds to its application's minute of arrivals ({@link AccountingMetric}). The
 * processor adds them up per minute for its metric lines ({@link MinuteTally}); the local runner
 * keeps them one by one, keyed by {@link #key}, so a redelivery counts once ({@code
 * com.theeye.local.AccountingLedger}).
 *
 * @param eventId the event's id
 * @param application the event's application
 * @param receivedAt when the ingest accepted it: the minute it is counted under
 * @param metric what is counted
 * @param reason why it is invalid, for {@link AccountingMetric#INVALID} and {@link
 *     AccountingMetric#REVALIDATED}
 */
public record EventTally(
    String eventId,
    UUID application,
    Instant receivedAt,
    AccountingMetric metric,
    Optional<String> reason) {

  public EventTally {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(application, "application");
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(reason, "reason");
    if (reason.isPresent() != metric.byReason()) {
      throw new IllegalArgumentException(metric + " with reason " + reason);
    }
  }

  public static EventTally of(
      String eventId, UUID application, Instant receivedAt, AccountingMetric metric) {
    return new EventTally(eventId, application, receivedAt, metric, Optional.empty());
  }

  public static EventTally because(
      String eventId,
      UUID application,
      Instant receivedAt,
      AccountingMetric metric,
      String reason) {
    return new EventTally(eventId, application, receivedAt, metric, Optional.of(reason));
  }

  /**
   * Which accept it counts for: the event's id and when it was received. A client's retry is
   * another accept (a new {@code received_at}); a redelivery, or the local journal putting a
   * message back, is the same one.
   */
  public String key() {
    return eventId + "@" + receivedAt;
  }
}

package com.theeye.accounting;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.theeye.event.EventTimestamps;
import com.theeye.event.ExactJson;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One application's minute of arrivals as the stats answer shows it, and whether it reconciles: a
 * minute reconciles when every event answered 202 in it has one outcome, {@code accepted = stored +
 * invalid + duplicate + suppressed + dead_lettered}. A replay's {@link
 * AccountingMetric#REVALIDATED} events count as stored, no longer invalid.
 *
 * @param minute the minute's start
 * @param invalidByReason the invalid events per reason (the first violation's code)
 * @param suppressed events of a deleted person, counted and not stored ({@link
 *     AccountingMetric#SUPPRESSED})
 * @param queued accepted events without an outcome yet: on the queue, or lost when the minute is
 *     settled and does not reconcile
 * @param reconciled true when the counts add up; false when they do not although the minute is
 *     settled (nothing received in it can still be on the queue); empty while it may be in flight
 */
public record MinuteStats(
    Instant minute,
    long accepted,
    long stored,
    long invalid,
    Map<String, Long> invalidByReason,
    long duplicate,
    long suppressed,
    long deadLettered,
    long queued,
    Optional<Boolean> reconciled) {

  public MinuteStats {
    Objects.requireNonNull(minute, "minute");
    invalidByReason = Map.copyOf(invalidByReason);
    Objects.requireNonNull(reconciled, "reconciled");
  }

  /**
   * The minute's stats from its tally.
   *
   * @param settleAfter how long after its end a minute's events may still be in flight: retried on
   *     the queue, or their counts on their way to where they are read
   */
  public static MinuteStats of(MinuteTally tally, Instant now, Duration settleAfter) {
    long revalidated = tally.count(AccountingMetric.REVALIDATED);
    long stored = tally.count(AccountingMetric.STORED) + revalidated;
    long invalid = tally.count(AccountingMetric.INVALID) - revalidated;
    Map<String, Long> byReason = new TreeMap<>(tally.byReason(AccountingMetric.INVALID));
    tally
        .byReason(AccountingMetric.REVALIDATED)
        .forEach((reason, count) -> byReason.merge(reason, -count, Long::sum));
    byReason.values().removeIf(count -> count == 0);
    long accepted = tally.count(AccountingMetric.ACCEPTED);
    long duplicate = tally.count(AccountingMetric.DUPLICATE);
    long suppressed = tally.count(AccountingMetric.SUPPRESSED);
    long deadLettered = tally.count(AccountingMetric.DEAD_LETTERED);
    long outcomes = stored + invalid + duplicate + suppressed + deadLettered;
    boolean settled = !tally.minute().plus(Duration.ofMinutes(1)).plus(settleAfter).isAfter(now);
    Optional<Boolean> reconciled =
        accepted == outcomes ? Optional.of(true) : settled ? Optional.of(false) : Optional.empty();
    return new MinuteStats(
        tally.minute(),
        accepted,
        stored,
        invalid,
        byReason,
        duplicate,
        suppressed,
        deadLettered,
        Math.max(0, accepted - outcomes),
        reconciled);
  }

  /** Whether the minute is settled and does not reconcile: what {@code make reconcile} fails on. */
  public boolean unreconciled() {
    return reconciled.equals(Optional.of(false));
  }

  /** The row of the stats answer (docs/API.md). */
  public ObjectNode json() {
    ObjectNode row = ExactJson.MAPPER.createObjectNode();
    row.put("minute", EventTimestamps.format(minute));
    row.put("accepted", accepted);
    row.put("stored", stored);
    row.put("invalid", invalid);
    ObjectNode reasons = row.putObject("invalid_by_reason");
    invalidByReason.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(reason -> reasons.put(reason.getKey(), reason.getValue()));
    row.put("duplicate", duplicate);
    row.put("suppressed", suppressed);
    row.put("dead_lettered", deadLettered);
    row.put("queued", queued);
    if (reconciled.isPresent()) {
      row.put("reconciled", reconciled.get());
    } else {
      row.putNull("reconciled");
    }
    return row;
  }
}

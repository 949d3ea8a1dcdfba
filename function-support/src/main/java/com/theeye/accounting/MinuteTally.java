package com.theeye.accounting;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;

/**
 * What one application's minute of arrivals counts so far: each {@link AccountingMetric}, and the
 * invalid and revalidated events per reason. Mutable, for adding up; not thread-safe.
 */
public final class MinuteTally {

  private final UUID application;
  private final Instant minute;
  private final EnumMap<AccountingMetric, Long> counts = new EnumMap<>(AccountingMetric.class);
  private final EnumMap<AccountingMetric, Map<String, Long>> byReason =
      new EnumMap<>(AccountingMetric.class);

  /**
   * @param minute any instant of the minute; kept as its start
   */
  public MinuteTally(UUID application, Instant minute) {
    this.application = Objects.requireNonNull(application, "application");
    this.minute = minuteOf(minute);
  }

  /** The start of the minute {@code instant} is in: the key events are counted under. */
  public static Instant minuteOf(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MINUTES);
  }

  public UUID application() {
    return application;
  }

  /** The minute's start. */
  public Instant minute() {
    return minute;
  }

  /** Adds {@code count} to {@code metric}. */
  public MinuteTally add(AccountingMetric metric, long count) {
    counts.merge(metric, count, Long::sum);
    return this;
  }

  /**
   * Adds {@code count} to {@code metric} and to its {@code reason}'s count.
   *
   * @throws IllegalArgumentException when the metric has no reasons
   */
  public MinuteTally add(AccountingMetric metric, String reason, long count) {
    if (!metric.byReason()) {
      throw new IllegalArgumentException(metric + " is not counted per reason");
    }
    add(metric, count);
    return addReasonOnly(metric, reason, count);
  }

  /** Adds to a reason's count only: its line's total is counted by another line. */
  public MinuteTally addReasonOnly(AccountingMetric metric, String reason, long count) {
    byReason.computeIfAbsent(metric, m -> new TreeMap<>()).merge(reason, count, Long::sum);
    return this;
  }

  /** Adds another tally of the same application and minute. */
  public MinuteTally add(MinuteTally other) {
    if (!other.application.equals(application) || !other.minute.equals(minute)) {
      throw new IllegalArgumentException("another application's or minute's tally");
    }
    other.counts.forEach(this::add);
    other.byReason.forEach(
        (metric, reasons) ->
            reasons.forEach(
                (reason, count) ->
                    byReason
                        .computeIfAbsent(metric, m -> new TreeMap<>())
                        .merge(reason, count, Long::sum)));
    return this;
  }

  public long count(AccountingMetric metric) {
    return counts.getOrDefault(metric, 0L);
  }

  /** The metric's counts per reason, sorted by reason; empty for a metric without reasons. */
  public Map<String, Long> byReason(AccountingMetric metric) {
    return Map.copyOf(byReason.getOrDefault(metric, Map.of()));
  }

  /** Whether nothing is counted. */
  public boolean isEmpty() {
    return counts.values().stream().allMatch(count -> count == 0) && byReason.isEmpty();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof MinuteTally that
        && application.equals(that.application)
        && minute.equals(that.minute)
        && withoutZeros(counts).equals(withoutZeros(that.counts))
        && byReason.equals(that.byReason);
  }

  @Override
  public int hashCode() {
    return Objects.hash(application, minute, withoutZeros(counts));
  }

  @Override
  public String toString() {
    return application + "@" + minute + withoutZeros(counts) + byReason;
  }

  private static Map<AccountingMetric, Long> withoutZeros(Map<AccountingMetric, Long> counts) {
    Map<AccountingMetric, Long> kept = new EnumMap<>(AccountingMetric.class);
    counts.forEach(
        (metric, count) -> {
          if (count != 0) {
            kept.put(metric, count);
          }
        });
    return kept;
  }
}

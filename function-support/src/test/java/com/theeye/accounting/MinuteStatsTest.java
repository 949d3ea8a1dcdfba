package com.theeye.accounting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.theeye.event.ExactJson;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MinuteStatsTest {

  private static final Instant MINUTE = Instant.parse("2026-12-01T12:00:00Z");
  private static final Duration SETTLE = Duration.ofMinutes(30);
  private static final Instant SETTLED = MINUTE.plus(Duration.ofMinutes(31));

  @Test
  void aMinuteWhoseEventsAllHaveAnOutcomeReconcilesAtOnce() {
    MinuteTally tally =
        tally()
            .add(AccountingMetric.ACCEPTED, 5)
            .add(AccountingMetric.STORED, 2)
            .add(AccountingMetric.INVALID, "schema violation", 1)
            .add(AccountingMetric.DUPLICATE, 1)
            .add(AccountingMetric.DEAD_LETTERED, 1);

    MinuteStats stats = MinuteStats.of(tally, MINUTE.plusSeconds(61), SETTLE);

    assertEquals(Optional.of(true), stats.reconciled());
    assertEquals(0, stats.queued());
    assertEquals(Map.of("schema violation", 1L), stats.invalidByReason());
  }

  @Test
  void aMinuteWithEventsWithoutAnOutcomeIsInFlightUntilSettledThenUnreconciled() {
    MinuteTally tally = tally().add(AccountingMetric.ACCEPTED, 3).add(AccountingMetric.STORED, 2);

    MinuteStats inFlight = MinuteStats.of(tally, SETTLED.minusSeconds(1), SETTLE);
    MinuteStats settled = MinuteStats.of(tally, SETTLED, SETTLE);

    assertEquals(Optional.empty(), inFlight.reconciled());
    assertEquals(1, inFlight.queued());
    assertEquals(Optional.of(false), settled.reconciled());
    assertEquals(true, settled.unreconciled());
  }

  @Test
  void anInvalidEventAReplayStoredCountsAsStored() {
    MinuteTally tally =
        tally()
            .add(AccountingMetric.ACCEPTED, 2)
            .add(AccountingMetric.INVALID, "unknown event type", 2)
            .add(AccountingMetric.REVALIDATED, "unknown event type", 1);

    MinuteStats stats = MinuteStats.of(tally, SETTLED, SETTLE);

    assertEquals(1, stats.stored());
    assertEquals(1, stats.invalid());
    assertEquals(Map.of("unknown event type", 1L), stats.invalidByReason());
    assertEquals(Optional.of(true), stats.reconciled());
  }

  @Test
  void aSuppressedEventIsAnOutcomeAndItsRowSaysSo() {
    MinuteTally tally =
        tally()
            .add(AccountingMetric.ACCEPTED, 3)
            .add(AccountingMetric.STORED, 1)
            .add(AccountingMetric.SUPPRESSED, 2);

    MinuteStats stats = MinuteStats.of(tally, MINUTE.plusSeconds(61), SETTLE);

    assertEquals(Optional.of(true), stats.reconciled());
    assertEquals(2, stats.suppressed());
    assertEquals(0, stats.queued());
    assertEquals(2, stats.json().get("suppressed").asLong());
  }

  @Test
  void suppressedCountsReadBackFromTheirMetricLine() throws Exception {
    MinuteTally tally = tally().add(AccountingMetric.SUPPRESSED, 4);

    String line = AccountingLines.of("TheEye", tally).getFirst().json();
    MinuteTally read = AccountingLines.read(ExactJson.MAPPER.readTree(line)).orElseThrow();

    assertEquals(4, read.count(AccountingMetric.SUPPRESSED));
  }

  @Test
  void moreOutcomesThanAcceptsDoNotReconcileEither() {
    MinuteTally tally = tally().add(AccountingMetric.ACCEPTED, 1).add(AccountingMetric.STORED, 2);

    assertEquals(Optional.of(false), MinuteStats.of(tally, SETTLED, SETTLE).reconciled());
  }

  private static MinuteTally tally() {
    return new MinuteTally(UUID.randomUUID(), MINUTE.plusSeconds(17));
  }
}

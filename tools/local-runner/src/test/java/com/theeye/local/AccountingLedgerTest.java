package com.theeye.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.theeye.accounting.AccountingMetric;
import com.theeye.accounting.EventTally;
import com.theeye.accounting.MinuteTally;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountingLedgerTest {

  private static final UUID APP = UUID.randomUUID();
  private static final Instant RECEIVED = Instant.parse("2026-12-01T12:00:10Z");
  private static final Instant FROM = Instant.parse("2026-12-01T00:00:00Z");
  private static final Instant TO = Instant.parse("2026-12-02T00:00:00Z");

  @TempDir Path data;

  @Test
  void countsEachAcceptOnceWithItsLastOutcomeAcrossAReopen() throws Exception {
    try (AccountingLedger ledger = AccountingLedger.open(data)) {
      ledger.accepted(
          List.of(tally("a", AccountingMetric.ACCEPTED), tally("b", AccountingMetric.ACCEPTED)));
      ledger.accept(List.of(tally("a", AccountingMetric.STORED)));
      // b's message failed its last receive, then a redrive stored it; a was delivered again.
      ledger.accept(List.of(tally("b", AccountingMetric.DEAD_LETTERED)));
      ledger.accept(
          List.of(tally("b", AccountingMetric.STORED), tally("a", AccountingMetric.STORED)));
    }

    try (AccountingLedger reopened = AccountingLedger.open(data)) {
      MinuteTally minute = reopened.read(APP, FROM, TO).getFirst();

      assertEquals(2, minute.count(AccountingMetric.ACCEPTED));
      assertEquals(2, minute.count(AccountingMetric.STORED));
      assertEquals(0, minute.count(AccountingMetric.DEAD_LETTERED));
    }
  }

  @Test
  void takesBackAnAcceptWhoseSendFailedAndSkipsALineCutShortByAKill() throws Exception {
    try (AccountingLedger ledger = AccountingLedger.open(data)) {
      ledger.accepted(
          List.of(tally("a", AccountingMetric.ACCEPTED), tally("b", AccountingMetric.ACCEPTED)));
      ledger.notAccepted(List.of(tally("b", AccountingMetric.ACCEPTED)));
    }
    Files.writeString(
        data.resolve(AccountingLedger.FILE),
        "{\"id\":\"c\",\"applica",
        StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);

    try (AccountingLedger reopened = AccountingLedger.open(data)) {
      assertEquals(1, reopened.read(APP, FROM, TO).getFirst().count(AccountingMetric.ACCEPTED));
      reopened.accepted(List.of(tally("d", AccountingMetric.ACCEPTED)));
    }

    try (AccountingLedger again = AccountingLedger.open(data)) {
      assertEquals(
          2,
          again.read(APP, FROM, TO).getFirst().count(AccountingMetric.ACCEPTED),
          "the line after the cut one is whole");
    }
  }

  private static EventTally tally(String id, AccountingMetric metric) {
    return EventTally.of(id, APP, RECEIVED, metric);
  }
}

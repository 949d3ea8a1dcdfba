package com.theeye.accounting;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Where an application's counts per minute of arrival are read back from: CloudWatch's metrics on
 * AWS ({@code com.theeye.query.CloudWatchAccounting}), the local runner's ledger on one machine
 * ({@code com.theeye.local.AccountingLedger}).
 */
public interface AccountingReader {

  /**
   * The tallies of {@code application}'s minutes from {@code from} (included) to {@code to}
   * (excluded), sorted by minute; minutes that count nothing are left out.
   */
  List<MinuteTally> read(UUID application, Instant from, Instant to);
}

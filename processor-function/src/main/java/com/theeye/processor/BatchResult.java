package com.theeye.processor;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.theeye.accounting.AccountingLines;
import com.theeye.accounting.EventTally;
import com.theeye.accounting.MinuteTally;
import com.theeye.event.ExactJson;
import com.theeye.log.LogLine;
import com.theeye.log.LogLine.Level;
import com.theeye.metrics.MetricLine;
import com.theeye.processor.MessageResult.EventOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What became of every message of one batch, and of every event in them.
 *
 * @param results one per message, in the batch's order
 * @param latency how long the batch took
 */
public record BatchResult(List<MessageResult> results, Duration latency) {

  public BatchResult {
    results = List.copyOf(results);
  }

  /** The messages SQS must deliver again: exactly those with an event not stored. */
  public List<String> failedMessageIds() {
    return results.stream()
        .filter(r -> r.failure().isPresent())
        .map(MessageResult::messageId)
        .toList();
  }

  /** How many events of the batch ended up so (a message may carry several). */
  public long count(EventOutcome outcome) {
    return results.stream().mapToLong(r -> r.count(outcome)).sum();
  }

  /**
   * The batch's counts as one embedded-metric-format line: {@code EventsStored}, {@code
   * EventsInvalid}, {@code EventsDuplicate}, without dimensions: what the batch did at the time it
   * ran (the dashboard's totals; the accounting's per-application counts are {@link
   * #accountingLines}).
   */
  public MetricLine metricLine(String namespace, Instant time) {
    return new MetricLine(namespace, time)
        .count("EventsStored", count(EventOutcome.STORED))
        .count("EventsInvalid", count(EventOutcome.INVALID))
        .count("EventsDuplicate", count(EventOutcome.DUPLICATE));
  }

  /**
   * What the batch's events add to the accounting: their tallies added up per application and
   * minute of arrival, as embedded-metric-format lines ({@link AccountingLines}). Messages handed
   * back to SQS for another receive count nothing ({@link MessageResult#tallies}).
   */
  public List<MetricLine> accountingLines(String namespace) {
    return tallies().values().stream()
        .flatMap(tally -> AccountingLines.of(namespace, tally).stream())
        .toList();
  }

  /**
   * What every event of the batch counts, one by one, each accept once: SQS may deliver a message
   * twice, in one batch too, and the second delivery finds the first's item ({@code
   * EventStore.Write#REDELIVERED}), which counts as its outcome.
   */
  public List<EventTally> eventTallies() {
    Set<String> counted = new HashSet<>();
    return results.stream()
        .flatMap(r -> r.tallies().stream())
        .filter(tally -> counted.add(tally.key()))
        .toList();
  }

  /** The batch's tallies per application and minute of arrival. */
  Map<String, MinuteTally> tallies() {
    Map<String, MinuteTally> tallies = new LinkedHashMap<>();
    for (EventTally tally : eventTallies()) {
      MinuteTally minute =
          tallies.computeIfAbsent(
              tally.application() + "@" + MinuteTally.minuteOf(tally.receivedAt()),
              key -> new MinuteTally(tally.application(), tally.receivedAt()));
      tally
          .reason()
          .ifPresentOrElse(
              reason -> minute.add(tally.metric(), reason, 1), () -> minute.add(tally.metric(), 1));
    }
    return tallies;
  }

  /**
   * One JSON line of counts and failure reasons for the function's log, no event content: level
   * WARN when a message is handed back to SQS, INFO otherwise.
   */
  public String logLine() {
    ArrayNode failures = ExactJson.MAPPER.createArrayNode();
    for (MessageResult result : results) {
      result
          .failure()
          .ifPresent(
              why -> failures.addObject().put("message_id", result.messageId()).put("reason", why));
    }
    return new LogLine(failures.isEmpty() ? Level.INFO : Level.WARN, "batch processed")
        .with("messages", results.size())
        .with("stored", count(EventOutcome.STORED))
        .with("duplicates", count(EventOutcome.DUPLICATE))
        .with("invalid", count(EventOutcome.INVALID))
        .with("failed", count(EventOutcome.FAILED))
        .with("latency_ms", latency.toMillis())
        .with("failures", failures)
        .json();
  }
}

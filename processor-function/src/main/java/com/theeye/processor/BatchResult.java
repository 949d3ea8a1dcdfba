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
import com.theeye.processor.MessageResult.HandBack;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What became of every message of one batch, and of every event in them.
 *
 * @param results one per message, in the batch's order
 * @param throttleRetries how many times the batch retried a throttled event within the invocation
 * @param latency how long the batch took
 */
public record BatchResult(List<MessageResult> results, long throttleRetries, Duration latency) {

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
   * EventsInvalid}, {@code EventsDuplicate}, {@code EventsSuppressed}, {@code EventsThrottled}
   * (handed back to the queue), without dimensions: what the batch did at the time it ran (the
   * dashboard's totals; the accounting's per-application counts are {@link #accountingLines}). When
   * events were handed back, {@code ThrottledEventAge} too: how long the oldest of them has waited
   * since the ingest function accepted it. SQS's own age of the oldest message starts again with
   * every hand-back's new message, so this is the age the queue-age alarm watches beside it.
   */
  public MetricLine metricLine(String namespace, Instant time) {
    MetricLine line =
        new MetricLine(namespace, time)
            .count("EventsStored", count(EventOutcome.STORED))
            .count("EventsInvalid", count(EventOutcome.INVALID))
            .count("EventsDuplicate", count(EventOutcome.DUPLICATE))
            .count("EventsSuppressed", count(EventOutcome.SUPPRESSED))
            .count("EventsThrottled", count(EventOutcome.HANDED_BACK));
    oldestHandedBack()
        .ifPresent(
            oldest ->
                line.seconds(
                    "ThrottledEventAge", Math.max(0, Duration.between(oldest, time).toSeconds())));
    return line;
  }

  /**
   * What the batch's events add to the accounting: their tallies added up per application and
   * minute of arrival, as embedded-metric-format lines ({@link AccountingLines}). Messages SQS
   * delivers again count nothing ({@link MessageResult#tallies}).
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
   * One JSON line of counts, failure reasons and hand-backs for the function's log, no event
   * content: level WARN when a message is handed back to SQS as a batch item failure, or when a
   * hand-back is the {@link ThrottledHandBack#LONG_THROTTLING}th or later; INFO otherwise.
   */
  public String logLine() {
    ArrayNode failures = ExactJson.MAPPER.createArrayNode();
    ArrayNode handBacks = ExactJson.MAPPER.createArrayNode();
    boolean longThrottled = false;
    for (MessageResult result : results) {
      result
          .failure()
          .ifPresent(
              why -> failures.addObject().put("message_id", result.messageId()).put("reason", why));
      if (result.handBack().isPresent()) {
        HandBack handBack = result.handBack().get();
        handBacks
            .addObject()
            .put("message_id", result.messageId())
            .put("events", result.count(EventOutcome.HANDED_BACK))
            .put("hand_back", handBack.count())
            .put("delay_s", handBack.delay().toSeconds());
        longThrottled |= handBack.count() >= ThrottledHandBack.LONG_THROTTLING;
      }
    }
    Level level = failures.isEmpty() && !longThrottled ? Level.INFO : Level.WARN;
    return new LogLine(level, "batch processed")
        .with("messages", results.size())
        .with("stored", count(EventOutcome.STORED))
        .with("duplicates", count(EventOutcome.DUPLICATE))
        .with("invalid", count(EventOutcome.INVALID))
        .with("suppressed", count(EventOutcome.SUPPRESSED))
        .with("failed", count(EventOutcome.FAILED))
        .with("handed_back", count(EventOutcome.HANDED_BACK))
        .with("throttle_retries", throttleRetries)
        .with("latency_ms", latency.toMillis())
        .with("failures", failures)
        .with("hand_backs", handBacks)
        .json();
  }

  private Optional<Instant> oldestHandedBack() {
    return results.stream()
        .flatMap(r -> r.handBack().stream())
        .flatMap(h -> h.oldestReceivedAt().stream())
        .min(Instant::compareTo);
  }
}

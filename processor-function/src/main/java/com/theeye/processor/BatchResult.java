package com.theeye.processor;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.theeye.event.ExactJson;
import com.theeye.log.LogLine;
import com.theeye.log.LogLine.Level;
import com.theeye.metrics.MetricLine;
import com.theeye.processor.MessageResult.EventOutcome;
import com.theeye.processor.MessageResult.HandBack;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

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
   * EventsInvalid}, {@code EventsDuplicate}, {@code EventsThrottled} (handed back to the queue),
   * without dimensions, since one batch carries the events of several applications and a line has
   * one set of dimension values. When events were handed back, {@code ThrottledEventAge} too: how
   * long the oldest of them has waited since the ingest function accepted it. SQS's own age of the
   * oldest message starts again with every hand-back's new message, so this is the age the
   * queue-age alarm watches beside it.
   */
  public MetricLine metricLine(String namespace, Instant time) {
    MetricLine line =
        new MetricLine(namespace, time)
            .count("EventsStored", count(EventOutcome.STORED))
            .count("EventsInvalid", count(EventOutcome.INVALID))
            .count("EventsDuplicate", count(EventOutcome.DUPLICATE))
            .count("EventsThrottled", count(EventOutcome.HANDED_BACK));
    oldestHandedBack()
        .ifPresent(
            oldest ->
                line.seconds(
                    "ThrottledEventAge", Math.max(0, Duration.between(oldest, time).toSeconds())));
    return line;
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

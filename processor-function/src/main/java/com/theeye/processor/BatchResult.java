package com.theeye.processor;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.theeye.event.ExactJson;
import com.theeye.log.LogLine;
import com.theeye.log.LogLine.Level;
import com.theeye.metrics.MetricLine;
import com.theeye.processor.MessageResult.EventOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

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
   * EventsInvalid}, {@code EventsDuplicate}, without dimensions, since one batch carries the events
   * of several applications and a line has one set of dimension values.
   */
  public MetricLine metricLine(String namespace, Instant time) {
    return new MetricLine(namespace, time)
        .count("EventsStored", count(EventOutcome.STORED))
        .count("EventsInvalid", count(EventOutcome.INVALID))
        .count("EventsDuplicate", count(EventOutcome.DUPLICATE));
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

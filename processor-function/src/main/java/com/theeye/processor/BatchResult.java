package com.theeye.processor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.theeye.event.EventCodec;
import com.theeye.processor.MessageResult.Outcome;
import java.time.Duration;
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
  public long count(Outcome outcome) {
    return results.stream().mapToLong(r -> r.count(outcome)).sum();
  }

  /** One JSON line of counts and failure reasons for the function's log; no event content. */
  public String logLine() {
    ObjectNode line = EventCodec.JSON.createObjectNode();
    line.put("message", "batch processed");
    line.put("messages", results.size());
    line.put("stored", count(Outcome.STORED));
    line.put("duplicates", count(Outcome.DUPLICATE));
    line.put("invalid", count(Outcome.INVALID));
    line.put("failed", count(Outcome.FAILED));
    line.put("latency_ms", latency.toMillis());
    var failures = line.putArray("failures");
    for (MessageResult result : results) {
      result
          .failure()
          .ifPresent(
              why -> failures.addObject().put("message_id", result.messageId()).put("reason", why));
    }
    return EventCodec.write(line);
  }
}

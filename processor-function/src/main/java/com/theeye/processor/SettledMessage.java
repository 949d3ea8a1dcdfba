package com.theeye.processor;

import com.theeye.event.EventCodec;
import com.theeye.processor.BatchProcessor.EventResult;
import com.theeye.processor.MessageResult.EventOutcome;
import com.theeye.processor.MessageResult.HandBack;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One message of a batch once every event of it has its result, retries within the invocation
 * included; what remains is to report it, or to hand its throttled events back first.
 *
 * @param message the message as delivered
 * @param events each event's result, in the message's order
 */
record SettledMessage(QueueMessage message, List<EventResult> events) {

  SettledMessage {
    events = List.copyOf(events);
  }

  /**
   * Whether what keeps the message from being done is throttling alone: an event is still throttled
   * and none failed for another reason. Such a message is handed back instead of being reported;
   * one with any other failure takes the batch item failure path, throttled events and all, so its
   * receives still end in the dead-letter queue.
   */
  boolean waitsOnlyOnThrottling() {
    return events.stream().anyMatch(EventResult::isThrottled)
        && events.stream().allMatch(e -> e.outcome() != EventOutcome.FAILED || e.isThrottled());
  }

  /** The events still throttled, in the message's order. */
  List<EventCodec.DecodedEvent> throttledEvents() {
    return events.stream().flatMap(e -> e.throttled().stream()).toList();
  }

  /** The result without a hand-back: a throttled event is a failed one (the old path). */
  MessageResult result() {
    List<EventOutcome> outcomes = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    for (EventResult event : events) {
      outcomes.add(event.outcome());
      event.failure().ifPresent(reasons::add);
    }
    return MessageResult.ofEvents(message.messageId(), outcomes, reasons);
  }

  /** The result once the throttled events are back on the queue. */
  MessageResult handedBack(HandBack handBack) {
    List<EventOutcome> outcomes =
        events.stream().map(e -> e.isThrottled() ? EventOutcome.HANDED_BACK : e.outcome()).toList();
    return MessageResult.handedBack(message.messageId(), outcomes, handBack);
  }

  /** The result when the hand-back failed: a batch item failure, so SQS delivers it again. */
  MessageResult notHandedBack(String why) {
    List<EventOutcome> outcomes = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    for (EventResult event : events) {
      outcomes.add(event.outcome());
      Optional<String> failure = event.failure();
      failure.ifPresent(reason -> reasons.add(reason + "; not handed back: " + why));
    }
    return MessageResult.ofEvents(message.messageId(), outcomes, reasons);
  }
}

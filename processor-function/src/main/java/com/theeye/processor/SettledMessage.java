package com.theeye.processor;

import com.theeye.accounting.AccountingMetric;
import com.theeye.accounting.EventTally;
import com.theeye.event.EventCodec;
import com.theeye.processor.BatchProcessor.EventResult;
import com.theeye.processor.MessageResult.EventOutcome;
import com.theeye.processor.MessageResult.HandBack;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One message of a batch once every event of it has its result, retries within the invocation
 * included; what remains is to report it, or to hand its throttled events back first, and to say
 * what it adds to the accounting.
 *
 * @param message the message as delivered
 * @param events each event's result, in the message's order
 * @param maxReceiveCount the events queue's redrive policy's: on that receive a message that fails
 *     goes to the dead-letter queue
 */
record SettledMessage(QueueMessage message, List<EventResult> events, int maxReceiveCount) {

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
    return events.stream()
        .filter(EventResult::isThrottled)
        .flatMap(e -> e.decoded().stream())
        .toList();
  }

  /** The result without a hand-back: a throttled event is a failed one (the old path). */
  MessageResult result() {
    return reported(UnaryOperator.identity());
  }

  /**
   * The result once the throttled events are back on the queue. The message is done with: its other
   * events count now; the throttled ones count when their copy is processed.
   */
  MessageResult handedBack(HandBack handBack) {
    List<EventOutcome> outcomes =
        events.stream().map(e -> e.isThrottled() ? EventOutcome.HANDED_BACK : e.outcome()).toList();
    return MessageResult.handedBack(
        message.messageId(),
        outcomes,
        handBack,
        events.stream().flatMap(e -> e.tallies().stream()).toList());
  }

  /** The result when the hand-back failed: a batch item failure, so SQS delivers it again. */
  MessageResult notHandedBack(String why) {
    return reported(reason -> reason + "; not handed back: " + why);
  }

  /**
   * The message's result from its events', with what it counts. A message SQS delivers again counts
   * nothing, its redelivery counts; on its last receive ({@code maxReceiveCount}, after which SQS
   * moves it to the dead-letter queue), its failed events count as dead-lettered and the others
   * their outcome, since it does not come back. A replayed message's failures count nothing: their
   * outcome was counted when they first arrived.
   */
  private MessageResult reported(UnaryOperator<String> reason) {
    List<EventOutcome> outcomes = events.stream().map(EventResult::outcome).toList();
    List<String> reasons = events.stream().flatMap(e -> e.failure().stream()).map(reason).toList();
    if (reasons.isEmpty()) {
      return MessageResult.ofEvents(
          message.messageId(),
          outcomes,
          reasons,
          events.stream().flatMap(e -> e.tallies().stream()).toList());
    }
    if (message.receiveCount() < maxReceiveCount) {
      return MessageResult.ofEvents(message.messageId(), outcomes, reasons, List.of());
    }
    List<EventTally> tallies = new ArrayList<>();
    for (EventResult event : events) {
      tallies.addAll(event.tallies());
      if (event.outcome() == EventOutcome.FAILED && message.replayedAt().isEmpty()) {
        event
            .decoded()
            .flatMap(EventCodec.DecodedEvent::event)
            .ifPresent(
                e ->
                    tallies.add(
                        EventTally.of(
                            e.id(),
                            e.application(),
                            e.receivedAt(),
                            AccountingMetric.DEAD_LETTERED)));
      }
    }
    return MessageResult.ofEvents(message.messageId(), outcomes, reasons, tallies);
  }
}

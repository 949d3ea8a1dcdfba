package com.theeye.processor;

import com.theeye.accounting.EventTally;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What became of one message: of each of its events (one, or several when the ingest function
 * packed an array into it).
 *
 * @param messageId the SQS message id
 * @param outcomes where each event ended up, in the message's order
 * @param failure why the message is handed back to SQS; present exactly when an event is {@code
 *     FAILED}. Never holds event content, since it is logged.
 * @param handBack how its throttled events went back to the queue; present exactly when an event is
 *     {@code HANDED_BACK}
 * @param tallies what its events add to the accounting: empty for a message SQS delivers again,
 *     whose redelivery counts; a hand-back's copy counts its own events when it is processed
 */
public record MessageResult(
    String messageId,
    List<EventOutcome> outcomes,
    Optional<String> failure,
    Optional<HandBack> handBack,
    List<EventTally> tallies) {

  /** Where an event ended up. */
  public enum EventOutcome {
    /** Stored in Events. */
    STORED,
    /** Stored in InvalidEvents. */
    INVALID,
    /** Already stored by an earlier or concurrent delivery; nothing written. */
    DUPLICATE,
    /**
     * Not stored, nor kept as invalid: its user or anonymous id was deleted for its application and
     * their later events are suppressed ({@link SuppressedPeople}).
     */
    SUPPRESSED,
    /**
     * Not stored: its message is reported as a batch item failure, so SQS redelivers it (its other
     * events then come back as duplicates) and finally moves it to the DLQ.
     */
    FAILED,
    /**
     * Not stored yet: DynamoDB throttled it until the invocation's cutoff, so it was sent back to
     * the events queue in a new, delayed message ({@link ThrottledHandBack}) and its message counts
     * as processed, without using up a receive.
     */
    HANDED_BACK
  }

  /**
   * How a message's throttled events went back to the queue.
   *
   * @param count how many times they have been handed back, this time included
   * @param delay how long the new message stays hidden (its DelaySeconds)
   * @param oldestReceivedAt when the ingest function accepted the oldest of them; empty when all
   *     were replayed (a replay's events are as old as the invalid records it reads)
   */
  public record HandBack(int count, Duration delay, Optional<Instant> oldestReceivedAt) {
    public HandBack {
      if (count < 1) {
        throw new IllegalArgumentException("a hand-back is at least the first, was " + count);
      }
      Objects.requireNonNull(delay, "delay");
      Objects.requireNonNull(oldestReceivedAt, "oldestReceivedAt");
    }
  }

  public MessageResult {
    Objects.requireNonNull(messageId, "messageId");
    outcomes = List.copyOf(outcomes);
    tallies = List.copyOf(tallies);
    Objects.requireNonNull(failure, "failure");
    if (outcomes.isEmpty()) {
      throw new IllegalArgumentException("a message has at least one event: " + messageId);
    }
    if (failure.isPresent() != outcomes.contains(EventOutcome.FAILED)) {
      throw new IllegalArgumentException(
          "a failure reason goes with a FAILED event and only with it: " + outcomes);
    }
    Objects.requireNonNull(handBack, "handBack");
    if (handBack.isPresent() != outcomes.contains(EventOutcome.HANDED_BACK)) {
      throw new IllegalArgumentException(
          "a hand-back goes with a HANDED_BACK event and only with it: " + outcomes);
    }
  }

  /** How many of the message's events ended up so. */
  public long count(EventOutcome outcome) {
    return outcomes.stream().filter(o -> o == outcome).count();
  }

  /** A result that counts nothing. */
  public MessageResult(String messageId, List<EventOutcome> outcomes, Optional<String> failure) {
    this(messageId, outcomes, failure, Optional.empty(), List.of());
  }

  static MessageResult of(String messageId, EventOutcome outcome) {
    return new MessageResult(messageId, List.of(outcome), Optional.empty());
  }

  static MessageResult failed(String messageId, String why) {
    return new MessageResult(
        messageId, List.of(EventOutcome.FAILED), Optional.of(why), Optional.empty(), List.of());
  }

  /**
   * The result of a message whose events were handled one by one.
   *
   * @param reasons why each FAILED event failed, in order; the first is reported with a count
   */
  static MessageResult ofEvents(
      String messageId,
      List<EventOutcome> outcomes,
      List<String> reasons,
      List<EventTally> tallies) {
    if (reasons.isEmpty()) {
      return new MessageResult(messageId, outcomes, Optional.empty(), Optional.empty(), tallies);
    }
    String why =
        reasons.size() == 1 && outcomes.size() == 1
            ? reasons.getFirst()
            : reasons.getFirst() + " (" + reasons.size() + " of " + outcomes.size() + " events)";
    return new MessageResult(messageId, outcomes, Optional.of(why), Optional.empty(), tallies);
  }

  /**
   * The result of a message whose throttled events went back to the queue: it is done with, so what
   * its other events add to the accounting counts now.
   */
  static MessageResult handedBack(
      String messageId, List<EventOutcome> outcomes, HandBack handBack, List<EventTally> tallies) {
    return new MessageResult(messageId, outcomes, Optional.empty(), Optional.of(handBack), tallies);
  }
}

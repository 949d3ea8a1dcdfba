package com.theeye.processor;

import com.theeye.accounting.EventTally;
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
 * @param tallies what its events add to the accounting: empty for a message handed back for another
 *     receive, whose redelivery counts
 */
public record MessageResult(
    String messageId,
    List<EventOutcome> outcomes,
    Optional<String> failure,
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
     * Not stored: its message is reported as a batch item failure, so SQS redelivers it (its other
     * events then come back as duplicates) and finally moves it to the DLQ.
     */
    FAILED
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
  }

  /** How many of the message's events ended up so. */
  public long count(EventOutcome outcome) {
    return outcomes.stream().filter(o -> o == outcome).count();
  }

  /** A result that counts nothing. */
  public MessageResult(String messageId, List<EventOutcome> outcomes, Optional<String> failure) {
    this(messageId, outcomes, failure, List.of());
  }

  static MessageResult of(String messageId, EventOutcome outcome) {
    return new MessageResult(messageId, List.of(outcome), Optional.empty());
  }

  static MessageResult failed(String messageId, String why) {
    return new MessageResult(messageId, List.of(EventOutcome.FAILED), Optional.of(why));
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
      return new MessageResult(messageId, outcomes, Optional.empty(), tallies);
    }
    String why =
        reasons.size() == 1 && outcomes.size() == 1
            ? reasons.getFirst()
            : reasons.getFirst() + " (" + reasons.size() + " of " + outcomes.size() + " events)";
    return new MessageResult(messageId, outcomes, Optional.of(why), tallies);
  }
}

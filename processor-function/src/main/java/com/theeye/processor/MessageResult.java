package com.theeye.processor;

import java.util.Objects;
import java.util.Optional;

/**
 * What became of one message.
 *
 * @param messageId the SQS message id
 * @param outcome where the event ended up
 * @param failure why the message is handed back to SQS; present only when {@code outcome} is {@code
 *     FAILED}. Never holds event content, since it is logged.
 */
public record MessageResult(String messageId, Outcome outcome, Optional<String> failure) {

  /** Where a message's event ended up. */
  public enum Outcome {
    /** Stored in Events. */
    STORED,
    /** Stored in InvalidEvents. */
    INVALID,
    /** Already stored by an earlier or concurrent delivery; nothing written. */
    DUPLICATE,
    /**
     * Not stored: reported as a batch item failure, so SQS redelivers it and finally moves it to
     * the DLQ.
     */
    FAILED
  }

  public MessageResult {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(failure, "failure");
    if (failure.isPresent() != (outcome == Outcome.FAILED)) {
      throw new IllegalArgumentException(
          "a failure reason goes with FAILED and only with it: " + outcome);
    }
  }

  static MessageResult of(String messageId, Outcome outcome) {
    return new MessageResult(messageId, outcome, Optional.empty());
  }

  static MessageResult failed(String messageId, String why) {
    return new MessageResult(messageId, Outcome.FAILED, Optional.of(why));
  }
}

package com.theeye.processor;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One SQS message as the processor needs it.
 *
 * @param messageId SQS's id, the one a batch item failure names
 * @param body one event ({@link com.theeye.event.EventCodec#toMessage}) or several ({@link
 *     com.theeye.event.EventCodec#toPackedMessage})
 * @param replayedAt when the replay that put it back on the queue started ({@link
 *     com.theeye.event.ReplayMarker}); empty for a message the ingest function wrote
 * @param throttledHandBacks how many times its events were handed back to the queue because
 *     DynamoDB kept throttling them ({@link ThrottledHandBack#ATTRIBUTE}); 0 for a message the
 *     ingest function or a replay wrote
 */
public record QueueMessage(
    String messageId, String body, Optional<Instant> replayedAt, int throttledHandBacks) {

  /** A message the ingest function wrote. */
  public QueueMessage(String messageId, String body) {
    this(messageId, body, Optional.empty());
  }

  /** A message the ingest function or a replay wrote. */
  public QueueMessage(String messageId, String body, Optional<Instant> replayedAt) {
    this(messageId, body, replayedAt, 0);
  }

  public QueueMessage {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(replayedAt, "replayedAt");
    if (throttledHandBacks < 0) {
      throw new IllegalArgumentException(
          "throttledHandBacks must be at least 0, was " + throttledHandBacks);
    }
  }
}

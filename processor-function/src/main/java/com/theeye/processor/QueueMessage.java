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
 * @param receiveCount how many times SQS has delivered it, this time included ({@code
 *     ApproximateReceiveCount}): at the redrive policy's {@code maxReceiveCount} this is its last
 *     receive
 * @param throttledHandBacks how many times its events were handed back to the queue because
 *     DynamoDB kept throttling them ({@link ThrottledHandBack#ATTRIBUTE}); 0 for a message the
 *     ingest function or a replay wrote
 */
public record QueueMessage(
    String messageId,
    String body,
    Optional<Instant> replayedAt,
    int receiveCount,
    int throttledHandBacks) {

  /** A message the ingest function wrote, received for the first time. */
  public QueueMessage(String messageId, String body) {
    this(messageId, body, Optional.empty());
  }

  /** A message the ingest function or a replay wrote, received for the first time. */
  public QueueMessage(String messageId, String body, Optional<Instant> replayedAt) {
    this(messageId, body, replayedAt, 1, 0);
  }

  public QueueMessage {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(replayedAt, "replayedAt");
    if (receiveCount < 1) {
      throw new IllegalArgumentException("a received message has a receive count of at least 1");
    }
    if (throttledHandBacks < 0) {
      throw new IllegalArgumentException(
          "throttledHandBacks must be at least 0, was " + throttledHandBacks);
    }
  }
}

package com.theeye.processor;

import java.util.Objects;

/**
 * One SQS message as the processor needs it.
 *
 * @param messageId SQS's id, the one a batch item failure names
 * @param body one event ({@link com.theeye.event.EventCodec#toMessage}) or several ({@link
 *     com.theeye.event.EventCodec#toPackedMessage})
 */
public record QueueMessage(String messageId, String body) {

  public QueueMessage {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(body, "body");
  }
}

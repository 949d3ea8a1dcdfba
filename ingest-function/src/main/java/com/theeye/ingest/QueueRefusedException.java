package com.theeye.ingest;

/**
 * The events queue refused an event for its content (SQS's {@code InvalidMessageContents} or {@code
 * MessageTooLong}): retrying cannot help, so the caller answers 400, never 503. The message names
 * SQS's error code only, never the content.
 */
public final class QueueRefusedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public QueueRefusedException(String message) {
    super(message);
  }
}

package com.theeye.ingest;

/** The events queue did not take every event of a request: the caller gets 503 and retries. */
public final class QueueUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public QueueUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}

package com.theeye.deletion;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter between retries of what a batch call left unprocessed, as the
 * DynamoDB API reference asks of BatchWriteItem and BatchGetItem callers.
 */
final class Backoff {

  private static final long FIRST_MILLIS = 50;
  private static final long MAX_MILLIS = 2_000;

  private long next = FIRST_MILLIS;

  /** Waits a random time up to the current step, then doubles the step. */
  void pause() {
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(next / 2, next + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to retry unprocessed items", e);
    }
    next = Math.min(next * 2, MAX_MILLIS);
  }
}

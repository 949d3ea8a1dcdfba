package com.theeye.testsupport;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Polls instead of sleeping: asynchronous outcomes are awaited up to a deadline, then reported as
 * failures.
 */
public final class Eventually {

  private Eventually() {}

  /**
   * Returns the first value that {@code done} accepts, or fails with the last value seen after
   * {@code timeout}.
   */
  public static <T> T await(
      Duration timeout, Supplier<T> probe, java.util.function.Predicate<T> done, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    T last = probe.get();
    while (!done.test(last)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "timed out after " + timeout + " waiting for " + what + "; last seen: " + last);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what, e);
      }
      last = probe.get();
    }
    return last;
  }
}

package com.theeye.deletion;

import java.time.Duration;

/**
 * When a run must stop starting work, so that what is in flight, the lease's release and the order
 * that continues the job all fit in the invocation's time.
 */
@FunctionalInterface
interface Deadline {

  /** True once the run should start nothing more. */
  boolean near();

  /**
   * Near when a quarter of {@code remaining}, at most a minute, is left: a 900 s invocation stops
   * at 840 s. What is left covers the chunks in flight (each a few calls of at most the client's
   * call timeout), the release and the order.
   */
  static Deadline beforeTimeout(Duration remaining) {
    Duration margin = remaining.dividedBy(4);
    if (margin.compareTo(MAX_MARGIN) > 0) {
      margin = MAX_MARGIN;
    }
    long stopAt = System.nanoTime() + remaining.minus(margin).toNanos();
    return () -> System.nanoTime() - stopAt >= 0;
  }

  Duration MAX_MARGIN = Duration.ofMinutes(1);

  /** A deadline that never comes, for tools that run the job outside Lambda. */
  Deadline NONE = () -> false;
}

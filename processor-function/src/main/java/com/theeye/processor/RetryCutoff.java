package com.theeye.processor;

import com.theeye.aws.AwsClients;
import java.time.Duration;

/**
 * The moment an invocation stops retrying throttled events and hands them back to the queue instead
 * ({@link ThrottledHandBack}): Lambda's end of the invocation less {@link #MARGIN}. Only retries
 * wait for it; an event's first attempt always runs.
 *
 * @param nanoTime the cutoff on {@link System#nanoTime()}'s clock
 */
record RetryCutoff(long nanoTime) {

  /**
   * What an invocation keeps for after the cutoff: an attempt started just before it, which may
   * take an SDK call's whole timeout, then the hand-back's SendMessageBatch, which may too, and a
   * second to answer Lambda. Past its timeout Lambda stops the function and the whole batch comes
   * back with a receive used up, so the margin errs long: with the template's ProcessorTimeout of
   * 30 s a batch retries for 19 s; at 10 s it hands back at once.
   */
  static final Duration MARGIN = AwsClients.DEFAULT_API_CALL_TIMEOUT.multipliedBy(2).plusSeconds(1);

  /** The cutoff of an invocation with {@code remaining} time left, as Lambda's context tells it. */
  static RetryCutoff withRemaining(Duration remaining) {
    return new RetryCutoff(System.nanoTime() + remaining.minus(MARGIN).toNanos());
  }

  /** No retries: whatever is throttled is handed back at once (priming, benchmarks). */
  static RetryCutoff now() {
    return new RetryCutoff(System.nanoTime());
  }

  /** Whether a retry that starts {@code wait} from now still starts before the cutoff. */
  boolean allowsRetryAfter(Duration wait) {
    return nanoTime - (System.nanoTime() + wait.toNanos()) > 0;
  }
}

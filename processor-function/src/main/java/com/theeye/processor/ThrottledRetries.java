package com.theeye.processor;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Runs one event's work on the batch's workers and runs it again while DynamoDB throttles it, after
 * a jittered exponential backoff, until the invocation's {@link RetryCutoff}. A retry waits off the
 * workers (on the JDK's delayed executor), so the batch's other events go on meanwhile.
 *
 * <p>Each attempt's SDK calls have already been retried by the SDK itself (standard mode: three
 * attempts within the call timeout), which gives up within seconds; under provisioned capacity a
 * burst is throttled for the 20–30 minutes autoscaling takes (docs/PERFORMANCE.md, section 8), so
 * these retries are the second of three layers, the hand-back to the queue the third. Full jitter
 * ("Exponential Backoff And Jitter", AWS Architecture Blog): the processor's many workers, and the
 * other invocations' workers, retry at spread-out moments instead of together.
 */
final class ThrottledRetries {

  /** The first retry waits up to this long; each further one up to twice as long as the last. */
  static final Duration FIRST_BACKOFF = Duration.ofMillis(100);

  /** No retry waits longer than this. */
  static final Duration MAX_BACKOFF = Duration.ofSeconds(3);

  private final Executor workers;

  ThrottledRetries(Executor workers) {
    this.workers = workers;
  }

  /**
   * Runs {@code work}; while its result is {@code throttled} and another attempt can start before
   * {@code cutoff}, runs it again. Completes with the last result.
   *
   * @param retries counts each retry
   */
  <T> CompletableFuture<T> run(
      Supplier<T> work, Predicate<T> throttled, RetryCutoff cutoff, LongAdder retries) {
    return attempt(work, throttled, cutoff, retries, 0, workers);
  }

  private <T> CompletableFuture<T> attempt(
      Supplier<T> work,
      Predicate<T> throttled,
      RetryCutoff cutoff,
      LongAdder retries,
      int retry,
      Executor on) {
    return CompletableFuture.supplyAsync(work, on)
        .thenCompose(
            result -> {
              Duration wait = backoff(retry);
              if (!throttled.test(result) || !cutoff.allowsRetryAfter(wait)) {
                return CompletableFuture.completedFuture(result);
              }
              retries.increment();
              return attempt(
                  work,
                  throttled,
                  cutoff,
                  retries,
                  retry + 1,
                  CompletableFuture.delayedExecutor(
                      wait.toMillis(), TimeUnit.MILLISECONDS, workers));
            });
  }

  /** Full jitter: anything from nothing to the retry's exponential ceiling. */
  static Duration backoff(int retry) {
    long ceiling =
        Math.min(MAX_BACKOFF.toMillis(), FIRST_BACKOFF.toMillis() << Math.min(retry, 20));
    return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling + 1));
  }
}

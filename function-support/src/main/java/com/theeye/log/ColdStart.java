package com.theeye.log;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether an invocation is the first its execution environment serves: the {@code cold_start} of
 * the log lines. As in Powertools for AWS Lambda (Java) ({@code LambdaHandlerProcessor}): the first
 * invocation takes the cold start and every later one finds it gone, and an environment Lambda
 * initialized before any request came ({@code AWS_LAMBDA_INITIALIZATION_TYPE} {@code
 * provisioned-concurrency}) has none.
 *
 * <p>One difference, on purpose: Powertools reports no cold start at all when the initialization
 * type is {@code snap-start} (its issue #2113: "SnapStart doesn't have cold starts, only
 * restores"), which on this stack, where every function runs from SnapStart snapshots, would make
 * the field always false. A restore happens in the path of the request that needed a new
 * environment (the {@code Restore Duration} of its REPORT line, which the dashboard counts as cold
 * starts), so here {@link #restored()} brings the cold start back and the first invocation after a
 * restore has it. Outside Lambda (the variable unset: {@code make run}, tests) each handler's first
 * invocation has it.
 */
public final class ColdStart {

  /** The value of {@code AWS_LAMBDA_INITIALIZATION_TYPE} under provisioned concurrency. */
  static final String PROVISIONED_CONCURRENCY = "provisioned-concurrency";

  private final AtomicBoolean pending;

  private ColdStart(boolean pending) {
    this.pending = new AtomicBoolean(pending);
  }

  /**
   * @param initializationType {@code AWS_LAMBDA_INITIALIZATION_TYPE} ({@code on-demand}, {@code
   *     provisioned-concurrency}, {@code snap-start}), or null outside Lambda
   */
  public static ColdStart of(String initializationType) {
    return new ColdStart(!PROVISIONED_CONCURRENCY.equals(initializationType));
  }

  /** True for the first invocation only, until the next {@link #restored restore}. */
  public boolean take() {
    return pending.getAndSet(false);
  }

  /** The environment was restored from a SnapStart snapshot: its next invocation is a cold one. */
  public void restored() {
    pending.set(true);
  }
}

package com.theeye.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When the request a function is answering must be answered by: the invocation's end, as Lambda's
 * {@code getRemainingTimeInMillis} gives it. {@link ApiGatewayHandler} binds it for each
 * invocation, so a service that waits for something (the recent arrivals' long poll) can stop
 * waiting in time to answer, whatever the function's timeout is set to. A {@link ScopedValue}, as
 * {@link com.theeye.log.Invocation} is: it belongs to the one call and is gone when it returns.
 * Outside an invocation (SnapStart priming, a service called directly) there is none, and nothing
 * should wait.
 */
public final class RequestDeadline {

  private static final ScopedValue<Instant> CURRENT = ScopedValue.newInstance();

  private RequestDeadline() {}

  /** Runs {@code work} with the deadline {@code remaining} from now; returns its result. */
  public static <T, X extends Throwable> T within(
      Duration remaining, Clock clock, ScopedValue.CallableOp<T, X> work) throws X {
    return ScopedValue.where(CURRENT, clock.instant().plus(remaining)).call(work);
  }

  /** The current invocation's deadline; empty outside one. */
  public static Optional<Instant> current() {
    return CURRENT.isBound() ? Optional.of(CURRENT.get()) : Optional.empty();
  }
}

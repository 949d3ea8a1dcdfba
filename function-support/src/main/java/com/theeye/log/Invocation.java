package com.theeye.log;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Optional;

/**
 * What ties a log line to one Lambda invocation, under the names Powertools for AWS Lambda gives
 * them in its JSON logs ({@code PowertoolsLoggedFields}), so queries written for Powertools
 * functions work on these logs too: {@value #REQUEST_ID}, {@value #COLD_START} and, when the
 * invocation is traced, {@value #TRACE_ID}.
 *
 * <p>A handler runs each invocation {@link #call within} one, and every {@link LogLine} made on
 * that thread meanwhile carries its fields: the request line and the metric line, but also a
 * warning written deep inside a service, with nothing passed down to it. A {@link ScopedValue},
 * where Powertools uses SLF4J's MDC, because it is bound to the one call and gone when the call
 * returns, so one invocation's fields can never leak onto the next one's lines.
 *
 * @param requestId Lambda's request id of the invocation; empty for lines written while the
 *     environment starts (SnapStart priming), when there is no request
 * @param coldStart whether the invocation is the first of its execution environment ({@link
 *     ColdStart})
 * @param traceId the X-Ray trace id, when the invocation is traced
 */
public record Invocation(Optional<String> requestId, boolean coldStart, Optional<String> traceId) {

  /** Lambda's request id, as Powertools names it (not Lambda's own {@code requestId}). */
  public static final String REQUEST_ID = "function_request_id";

  public static final String COLD_START = "cold_start";

  /** Only on the lines of a traced invocation, as in Powertools. */
  public static final String TRACE_ID = "xray_trace_id";

  private static final ScopedValue<Invocation> CURRENT = ScopedValue.newInstance();

  public Invocation {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(traceId, "traceId");
  }

  /**
   * The invocation {@code context} describes.
   *
   * @param coldStart from the handler's {@link ColdStart}
   */
  public static Invocation of(Context context, boolean coldStart) {
    return new Invocation(
        Optional.ofNullable(context.getAwsRequestId()), coldStart, XRayTraceId.of(context));
  }

  /**
   * The environment starting, before any request: SnapStart priming. Its lines have no request id
   * ({@value #REQUEST_ID} is null) and count as the cold start, since they are written while the
   * environment starts.
   */
  public static Invocation initialization() {
    return new Invocation(Optional.empty(), true, Optional.empty());
  }

  /** Runs {@code work} with this invocation's fields on every line it logs; returns its result. */
  public <T, X extends Throwable> T call(ScopedValue.CallableOp<T, X> work) throws X {
    return ScopedValue.where(CURRENT, this).call(work);
  }

  /** Runs {@code work} with this invocation's fields on every line it logs. */
  public void run(Runnable work) {
    ScopedValue.where(CURRENT, this).run(work);
  }

  /** The invocation the current thread is running, if any. */
  static Optional<Invocation> current() {
    return CURRENT.isBound() ? Optional.of(CURRENT.get()) : Optional.empty();
  }

  void addTo(ObjectNode fields) {
    fields.put(REQUEST_ID, requestId.orElse(null));
    fields.put(COLD_START, coldStart);
    traceId.ifPresent(id -> fields.put(TRACE_ID, id));
  }
}

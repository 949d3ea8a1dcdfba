package com.theeye.deletion;

import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * A process that dies after a number of SDK calls, as an interceptor on a real client: every later
 * call fails without being made. With {@code answerLost}, the first failing call is made and only
 * its answer is lost, as when the process dies while DynamoDB writes.
 */
final class Crash implements ExecutionInterceptor {

  /** Thrown where the process would have died. */
  static final class Crashed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Crashed(String message) {
      super(message);
    }
  }

  private static final ExecutionAttribute<Integer> CALL = new ExecutionAttribute<>("crash-call");

  private final int survives;
  private final boolean answerLost;
  private final AtomicInteger made = new AtomicInteger();

  private Crash(int survives, boolean answerLost) {
    this.survives = survives;
    this.answerLost = answerLost;
  }

  /** Dies after {@code calls} calls. */
  static Crash after(int calls, boolean answerLost) {
    return new Crash(calls, answerLost);
  }

  /** Never dies: counts the calls. */
  static Crash never() {
    return new Crash(Integer.MAX_VALUE, false);
  }

  int calls() {
    return made.get();
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    int call = made.incrementAndGet();
    attributes.putAttribute(CALL, call);
    if (call > survives && !(answerLost && call == survives + 1)) {
      throw new Crashed("died before call " + call);
    }
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    if (answerLost && attributes.getAttribute(CALL) == survives + 1) {
      throw new Crashed("died during call " + (survives + 1) + ", after DynamoDB did it");
    }
  }
}

package com.theeye.snapstart;

import com.amazonaws.services.lambda.runtime.Context;
import com.theeye.log.ColdStart;
import com.theeye.log.Invocation;
import com.theeye.log.LogLine;
import com.theeye.log.LogLine.Level;
import java.util.function.Consumer;
import org.crac.Core;
import org.crac.Resource;

/**
 * A Lambda handler registered for SnapStart's runtime hooks: before the snapshot it runs {@link
 * #prime()}, the function's own request path against a seam without side effects, so a restored
 * environment starts with its classes loaded and initialized, its hot methods compiled and its SDK
 * clients' call path taken. See AWS's "Lambda SnapStart runtime hooks for Java". It also knows
 * which invocation is its environment's cold start ({@link ColdStart}), which a restore brings
 * back, and hands each invocation its {@link Invocation} for the log lines.
 *
 * <p>Priming only makes the first requests faster, so it must never fail a deploy: an exception in
 * it is logged as one JSON line, level WARN, and the snapshot is taken anyway. An {@link Error} is
 * not caught: a VM in that state should not be snapshotted.
 */
public abstract class SnapStartHandler implements Resource {

  private final Consumer<String> log;
  private final ColdStart coldStart;

  /** Priming failures go to standard output, which Lambda sends to the function's log. */
  protected SnapStartHandler() {
    this(System.out::println);
  }

  SnapStartHandler(Consumer<String> log) {
    this.log = log;
    this.coldStart = ColdStart.of(System.getenv("AWS_LAMBDA_INITIALIZATION_TYPE"));
  }

  /**
   * For the no-argument constructor Lambda calls. CRaC's global context keeps only a weak
   * reference; Lambda keeps the handler for the environment's life.
   */
  protected final void registerForSnapStart() {
    Core.getGlobalContext().register(this);
  }

  /**
   * The invocation {@code context} starts, for the log lines written while it runs: its request id,
   * whether it is this environment's cold start (which it takes), its X-Ray trace.
   */
  protected final Invocation invocation(Context context) {
    return Invocation.of(context, coldStart.take());
  }

  /**
   * Runs the function's request path before the snapshot, storing, claiming and sending nothing;
   * throws when the path did not answer as it should.
   */
  protected abstract void prime();

  @Override
  public final void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
    Invocation.initialization().run(this::primeOrWarn);
  }

  private void primeOrWarn() {
    try {
      prime();
    } catch (RuntimeException e) {
      log.accept(
          new LogLine(Level.WARN, "priming failed")
              .with("handler", getClass().getName())
              .with("error", e.toString())
              .json());
    }
  }

  /**
   * The SDK clients need nothing renewed (they reconnect; credentials come from the environment);
   * the next invocation is the restored environment's cold start.
   */
  @Override
  public final void afterRestore(org.crac.Context<? extends Resource> context) {
    coldStart.restored();
  }
}

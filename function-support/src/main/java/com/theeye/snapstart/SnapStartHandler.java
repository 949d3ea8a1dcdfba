package com.theeye.snapstart;

import com.theeye.log.LogLine;
import com.theeye.log.LogLine.Level;
import java.util.function.Consumer;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * A Lambda handler registered for SnapStart's runtime hooks: before the snapshot it runs {@link
 * #prime()}, the function's own request path against a seam without side effects, so a restored
 * environment starts with its classes loaded and initialized, its hot methods compiled and its SDK
 * clients' call path taken. See AWS's "Lambda SnapStart runtime hooks for Java".
 *
 * <p>Priming only makes the first requests faster, so it must never fail a deploy: an exception in
 * it is logged as one JSON line, level WARN, and the snapshot is taken anyway. An {@link Error} is
 * not caught: a VM in that state should not be snapshotted.
 */
public abstract class SnapStartHandler implements Resource {

  private final Consumer<String> log;

  /** Priming failures go to standard output, which Lambda sends to the function's log. */
  protected SnapStartHandler() {
    this(System.out::println);
  }

  SnapStartHandler(Consumer<String> log) {
    this.log = log;
  }

  /**
   * For the no-argument constructor Lambda calls. CRaC's global context keeps only a weak
   * reference; Lambda keeps the handler for the environment's life.
   */
  protected final void registerForSnapStart() {
    Core.getGlobalContext().register(this);
  }

  /**
   * Runs the function's request path before the snapshot, storing, claiming and sending nothing;
   * throws when the path did not answer as it should.
   */
  protected abstract void prime();

  @Override
  public final void beforeCheckpoint(Context<? extends Resource> context) {
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

  @Override
  public final void afterRestore(Context<? extends Resource> context) {
    // Nothing to renew: the SDK clients reconnect, credentials come from the environment.
  }
}

package com.theeye.local;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Makes SIGINT stop the runner even when it was started with SIGINT ignored, as a shell without job
 * control starts every background command ({@code make run &} or {@code java -jar ... &} in a
 * script): "asynchronous commands ignore SIGINT and SIGQUIT in addition to these inherited
 * handlers" (https://www.gnu.org/software/bash/manual/html_node/Signals.html). The JVM installs no
 * handler for a shutdown signal it finds ignored ({@code JVM_RegisterSignal} in
 * https://github.com/openjdk/jdk/blob/master/src/hotspot/os/posix/jvm_posix.cpp), so {@code kill
 * -INT} would do nothing; this puts the default disposition back through libc's {@code signal} and
 * lets the JVM handle SIGINT as it does SIGTERM: shutdown hooks, then exit.
 */
final class InterruptSignal {

  private static final Signal INT = new Signal("INT");

  /** What the JVM's own handler does on SIGINT: exit with 128 + 2, running the shutdown hooks. */
  private static final SignalHandler EXIT = signal -> System.exit(128 + signal.getNumber());

  /** SIG_DFL is 0 on Linux and macOS alike. */
  private static final MemorySegment DEFAULT_DISPOSITION = MemorySegment.NULL;

  private InterruptSignal() {}

  /**
   * Takes SIGINT back if it was ignored at start; otherwise leaves the JVM's handler alone.
   *
   * @return whether it had been ignored
   * @throws IllegalStateException when it was ignored and cannot be taken back (no native access)
   */
  @SuppressWarnings("restricted") // the jar's manifest enables native access, as make run does
  static boolean takeBackIfIgnored() {
    SignalHandler previous;
    try {
      previous = Signal.handle(INT, EXIT);
    } catch (IllegalArgumentException reserved) {
      return false; // java -Xrs: the JVM leaves SIGINT to whoever embeds it
    }
    if (previous != SignalHandler.SIG_IGN) {
      Signal.handle(INT, previous);
      return false;
    }
    try {
      Linker linker = Linker.nativeLinker();
      MethodHandle signal =
          linker.downcallHandle(
              linker.defaultLookup().find("signal").orElseThrow(),
              FunctionDescriptor.of(
                  ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
      MemorySegment unused =
          (MemorySegment) signal.invokeExact(INT.getNumber(), DEFAULT_DISPOSITION);
    } catch (Throwable e) {
      throw new IllegalStateException("cannot reset the ignored SIGINT: " + e, e);
    }
    // Ignored no more, so the JVM now installs its handler for ours.
    Signal.handle(INT, EXIT);
    return true;
  }
}

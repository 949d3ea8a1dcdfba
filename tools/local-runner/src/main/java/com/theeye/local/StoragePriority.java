package com.theeye.local;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * On AWS the processor and DynamoDB run on compute of their own, so a burst of requests never waits
 * for storage. Locally they share the machine's cores with the API, and under load the processor's
 * threads and dynalite took most of them: the API answered at the pace events were stored. So the
 * threads that store (the event source's pollers, the processor's workers) and dynalite's process
 * run at a lower CPU priority, nice {@value #NICE}: they take what the API leaves, which is all of
 * it once a burst is over, and the queue holds the backlog meanwhile, as SQS does.
 *
 * <p>Linux keeps a nice value per thread ({@code setpriority(2)}, NOTES: "the nice value is a
 * per-thread attribute", man7.org/linux/man-pages/man2/setpriority.2.html), and any process may
 * lower its own threads' priority. Elsewhere there is no {@code /proc} to find threads by, and
 * nothing changes.
 */
final class StoragePriority {

  /** Nice 10 weighs 110 against the API's 1024 (nice 0) when both want a core. */
  static final int NICE = 10;

  /** Thread names as Linux keeps them: the first 15 characters of the Java thread's name. */
  static final List<String> STORING_THREADS = List.of("batch-worker-", "sqs-event-sourc");

  private static final int PRIO_PROCESS = 0;
  private static final Optional<MethodHandle> SETPRIORITY = setpriority();

  private final Set<Long> lowered = new HashSet<>();

  /**
   * Lowers the storing threads of this JVM and every thread of its child processes (dynalite) not
   * lowered yet. Cheap enough to call every second, which catches threads started since.
   *
   * @return how many threads it lowered this time
   */
  int lowerStorage() {
    if (SETPRIORITY.isEmpty()) {
      return 0;
    }
    int count = 0;
    for (long thread : storingThreads()) {
      if (!lowered.contains(thread) && lower(thread)) {
        lowered.add(thread);
        count++;
      }
    }
    return count;
  }

  private static List<Long> storingThreads() {
    Stream<Long> own =
        tasks(ProcessHandle.current().pid()).stream()
            .filter(thread -> STORING_THREADS.stream().anyMatch(name(thread)::startsWith));
    Stream<Long> children =
        ProcessHandle.current().children().flatMap(child -> tasks(child.pid()).stream());
    return Stream.concat(own, children).toList();
  }

  private static List<Long> tasks(long pid) {
    try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
      return tasks.map(task -> Long.valueOf(task.getFileName().toString())).toList();
    } catch (IOException | RuntimeException e) {
      return List.of(); // gone meanwhile
    }
  }

  private static String name(long thread) {
    try {
      return Files.readString(Path.of("/proc/self/task", String.valueOf(thread), "comm")).strip();
    } catch (IOException e) {
      return "";
    }
  }

  private static boolean lower(long thread) {
    try {
      return (int) SETPRIORITY.get().invokeExact(PRIO_PROCESS, (int) thread, NICE) == 0;
    } catch (Throwable e) {
      return false;
    }
  }

  @SuppressWarnings("restricted") // the jar's manifest enables native access, as make run does
  private static Optional<MethodHandle> setpriority() {
    if (!Files.isDirectory(Path.of("/proc/self/task"))) {
      return Optional.empty();
    }
    try {
      Linker linker = Linker.nativeLinker();
      return linker
          .defaultLookup()
          .find("setpriority")
          .map(
              symbol ->
                  linker.downcallHandle(
                      symbol,
                      FunctionDescriptor.of(
                          ValueLayout.JAVA_INT,
                          ValueLayout.JAVA_INT,
                          ValueLayout.JAVA_INT,
                          ValueLayout.JAVA_INT)));
    } catch (RuntimeException | Error e) {
      return Optional.empty(); // native access refused: the runner works, at equal priorities
    }
  }
}

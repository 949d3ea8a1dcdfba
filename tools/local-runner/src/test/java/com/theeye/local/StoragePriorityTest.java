package com.theeye.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class StoragePriorityTest {

  @Test
  void storingThreadsAndChildProcessesGetLowerPriorityAndTheRestKeepTheirs() throws Exception {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "needs Linux's /proc");
    CountDownLatch stop = new CountDownLatch(1);
    Thread worker = Thread.ofPlatform().name("batch-worker-42").start(() -> await(stop));
    Thread api = Thread.ofPlatform().name("HTTP-Dispatcher-7").start(() -> await(stop));
    Process child = new ProcessBuilder("sleep", "30").start();
    try {
      int before = nice(task("HTTP-Dispatcher-7"));

      new StoragePriority().lowerStorage();

      assertEquals(StoragePriority.NICE, nice(task("batch-worker-42")));
      assertEquals(before, nice(task("HTTP-Dispatcher-7")), "the API's threads keep theirs");
      assertEquals(StoragePriority.NICE, nice(Path.of("/proc", String.valueOf(child.pid()))));
    } finally {
      stop.countDown();
      worker.join();
      api.join();
      child.destroyForcibly().waitFor();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Path task(String name) throws IOException {
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      return tasks
          .filter(task -> comm(task).equals(name.substring(0, Math.min(15, name.length()))))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no thread named " + name));
    }
  }

  private static String comm(Path task) {
    try {
      return Files.readString(task.resolve("comm")).strip();
    } catch (IOException e) {
      return "";
    }
  }

  /** Field 19 of /proc/.../stat, counted after the parenthesised command name. */
  private static int nice(Path task) throws IOException {
    String stat = Files.readString(task.resolve("stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Integer.parseInt(fields[16]);
  }
}

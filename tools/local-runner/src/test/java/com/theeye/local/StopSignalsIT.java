package com.theeye.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged runner stops with status 0 after a clean drain on SIGINT and on SIGTERM, also when a
 * script started it in the background, where it inherits SIGINT ignored. The drain stores every
 * event answered 202 before the emulators stop (the restart tests read them back).
 */
class StopSignalsIT {

  private static final int EVENTS = 30;

  @TempDir Path data;

  @Test
  void sigintStopsARunnerAScriptStartedInTheBackgroundWithStatus0() throws Exception {
    try (PackagedRunner runner = PackagedRunner.startInTheBackgroundOfAScript(data)) {
      LocalApiClient.postAccepted(runner.baseUrl(), "/stop/", EVENTS);

      runner.signal("INT");

      assertStoppedCleanly(runner);
      assertTrue(
          runner.output().stream().anyMatch(line -> line.startsWith("SIGINT was ignored")),
          () -> "the script started it with SIGINT ignored:\n" + runner.printed());
    }
  }

  @Test
  void sigtermStopsARunnerStartedWithSigintIgnoredWithStatus0() throws Exception {
    try (PackagedRunner runner = PackagedRunner.startWithSigintIgnored(data)) {
      LocalApiClient.postAccepted(runner.baseUrl(), "/stop/", EVENTS);

      runner.signal("TERM");

      assertStoppedCleanly(runner);
    }
  }

  private static void assertStoppedCleanly(PackagedRunner runner) throws Exception {
    assertTrue(runner.awaitExit(), "the runner stops");
    assertEquals(0, runner.process().exitValue(), runner::printed);
    assertTrue(
        runner.output().contains("Queue drained: every accepted event is stored."),
        runner::printed);
    assertEquals("The Eye stopped.", runner.output().getLast(), runner::printed);
  }
}

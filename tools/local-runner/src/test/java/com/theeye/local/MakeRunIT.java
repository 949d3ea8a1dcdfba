package com.theeye.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.theeye.testsupport.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code make run} itself: Ctrl-C stops the runner after a clean drain, and make prints no error.
 * GNU make then ends with the signal it got too (130), whatever its recipe's status: its handler
 * waits for the children and re-raises the signal (fatal_error_signal in
 * https://git.savannah.gnu.org/cgit/make.git/tree/src/commands.c). A SIGTERM to the runner itself
 * ends {@code make run} with status 0.
 */
class MakeRunIT {

  private static final int EVENTS = 20;

  @TempDir Path data;

  @BeforeEach
  void makeWouldNotRebuild() throws Exception {
    Assumptions.assumeTrue(
        onPath("setsid") && onPath("make"),
        "make and setsid (util-linux: a process group of its own, as a terminal gives) are needed");
    Process upToDate =
        new ProcessBuilder(
                "make",
                "-q",
                "tools/emulators/node_modules/.package-lock.json",
                "tools/local-runner/target/local-runner.jar")
            .directory(Fixtures.repoRoot().toFile())
            .redirectErrorStream(true)
            .start();
    upToDate.getInputStream().readAllBytes();
    Assumptions.assumeTrue(
        upToDate.waitFor(60, TimeUnit.SECONDS) && upToDate.exitValue() == 0,
        "make run would rebuild the jar or reinstall dynalite first (a source is newer than the"
            + " jar): this test runs make run only as it is after `package`");
  }

  private static boolean onPath(String command) {
    return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
        .anyMatch(folder -> Files.isExecutable(Path.of(folder, command)));
  }

  @Test
  void ctrlCStopsMakeRunAfterACleanDrainAndMakeReportsNoError() throws Exception {
    try (PackagedRunner make = PackagedRunner.startWithMake(data)) {
      LocalApiClient.postAccepted(make.baseUrl(), "/make/", EVENTS);

      make.signalGroup("INT");

      assertTrue(make.awaitExit(), "make run stops");
      assertTrue(
          make.output().contains("Queue drained: every accepted event is stored."), make::printed);
      assertEquals("The Eye stopped.", make.output().getLast(), make::printed);
      assertTrue(
          make.output().stream().noneMatch(line -> line.startsWith("make: ***")),
          () -> "make reports no error:\n" + make.printed());
      assertEquals(130, make.process().exitValue(), "GNU make ends with the SIGINT it got");
    }
  }

  @Test
  void sigtermToTheRunnerEndsMakeRunWithStatus0() throws Exception {
    try (PackagedRunner make = PackagedRunner.startWithMake(data)) {
      LocalApiClient.postAccepted(make.baseUrl(), "/make/", EVENTS);

      make.signal("TERM");

      assertTrue(make.awaitExit(), "make run stops");
      assertEquals(0, make.process().exitValue(), make::printed);
      assertEquals("The Eye stopped.", make.output().getLast(), make::printed);
    }
  }
}

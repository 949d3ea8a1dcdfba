package com.theeye.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged runner stops with status 0 after a clean drain on SIGINT and on SIGTERM, also when a
 * script started it in the background, where it inherits SIGINT ignored; every event answered 202
 * is then found stored by the next start.
 */
class StopSignalsIT {

  private static final int EVENTS = 30;

  @TempDir Path data;

  @Test
  void sigintStopsARunnerAScriptStartedInTheBackgroundWithStatus0() throws Exception {
    Set<String> accepted;
    try (PackagedRunner runner = PackagedRunner.startInTheBackgroundOfAScript(data)) {
      accepted = sendEvents(runner);

      runner.signal("INT");

      assertStoppedCleanly(runner);
      assertTrue(
          runner.output().stream().anyMatch(line -> line.startsWith("SIGINT was ignored")),
          () -> "the script started it with SIGINT ignored:\n" + runner.printed());
    }
    assertEquals(accepted, storedAfterRestart());
  }

  @Test
  void sigtermStopsARunnerStartedWithSigintIgnoredWithStatus0() throws Exception {
    Set<String> accepted;
    try (PackagedRunner runner = PackagedRunner.startWithSigintIgnored(data)) {
      accepted = sendEvents(runner);

      runner.signal("TERM");

      assertStoppedCleanly(runner);
    }
    assertEquals(accepted, storedAfterRestart());
  }

  private static Set<String> sendEvents(PackagedRunner runner) throws Exception {
    Set<String> accepted = new HashSet<>();
    UUID session = UUID.randomUUID();
    for (int i = 0; i < EVENTS; i++) {
      HttpResponse<String> response =
          LocalApiClient.postPageview(runner.baseUrl(), session, "/stop/" + i);
      assertEquals(202, response.statusCode(), response::body);
      accepted.add(LocalApiClient.acceptedId(response));
    }
    return accepted;
  }

  private static void assertStoppedCleanly(PackagedRunner runner) throws Exception {
    assertTrue(runner.awaitExit(), "the runner stops");
    assertEquals(0, runner.process().exitValue(), runner::printed);
    assertTrue(
        runner.output().contains("Queue drained: every accepted event is stored."),
        runner::printed);
    assertEquals("The Eye stopped.", runner.output().getLast(), runner::printed);
  }

  /** The ids stored, as the next start finds them. */
  private Set<String> storedAfterRestart() throws Exception {
    try (PackagedRunner next = PackagedRunner.start(data)) {
      Set<String> stored = LocalApiClient.storedIds(next.baseUrl());
      assertTrue(next.stop(), "the next runner stops");
      return stored;
    }
  }
}

package com.theeye.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.theeye.operator.smoke.SmokeCheck;
import com.theeye.testsupport.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code make smoke} passes against the local runner, as it must against a fresh deploy: this is
 * how CI runs the operator's smoke test.
 */
class SmokeCheckAgainstLocalRunnerTest {

  @TempDir Path data;

  @Test
  void smokeCheckPassesEveryStepAgainstTheLocalRunner() {
    Run run = smokeCheck(SmokeCheck.SEED_APPLICATION, Duration.ofSeconds(30));
    System.out.print(run.report()); // what `make smoke` prints, kept in the test report

    assertTrue(run.passed(), run.report());
    List<String> steps = run.report().lines().filter(line -> line.startsWith("  ")).toList();
    assertEquals(4, steps.size(), run.report());
    assertTrue(steps.stream().allMatch(line -> line.startsWith("  ok ")), run.report());
    assertTrue(run.report().contains("unsigned: loopback"), run.report());
  }

  @Test
  void smokeCheckFailsForAnUntrustedApplication() {
    Run run = smokeCheck(UUID.randomUUID(), Duration.ofSeconds(5));

    assertFalse(run.passed(), run.report());
    assertTrue(
        run.report().contains("FAIL  POST /api/v1/events") && run.report().contains("401"),
        run.report());
  }

  private record Run(boolean passed, String report) {}

  /** Starts a local runner, runs the smoke check against it and stops it again. */
  private Run smokeCheck(UUID application, Duration deadline) {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    boolean passed;
    try (LocalEye eye = LocalEye.start(settings(), Fixtures.repoRoot());
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
      passed = SmokeCheck.of(URI.create(eye.baseUrl()), application, deadline, out).run();
    }
    return new Run(passed, printed.toString(StandardCharsets.UTF_8));
  }

  /** Port 0 picks a free port, so the test runs beside a developer's `make run`. */
  private LocalSettings settings() {
    return new LocalSettings(
        "127.0.0.1",
        0,
        data,
        Optional.of(LocalSettings.SEED_APPLICATION),
        LocalSettings.QueueSettings.TEMPLATE_DEFAULTS,
        Duration.ofSeconds(20));
  }
}

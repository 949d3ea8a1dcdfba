package com.theeye.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    boolean passed;
    try (LocalEye eye = LocalEye.start(settings(), Fixtures.repoRoot());
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
      passed =
          SmokeCheck.of(
                  URI.create(eye.baseUrl()),
                  SmokeCheck.SEED_APPLICATION,
                  Duration.ofSeconds(30),
                  out)
              .run();
    }
    String report = printed.toString(StandardCharsets.UTF_8);
    System.out.print(report); // what `make smoke` prints, kept in the test report

    assertTrue(passed, report);
    List<String> steps = report.lines().filter(line -> line.startsWith("  ")).toList();
    assertEquals(4, steps.size(), report);
    assertTrue(steps.stream().allMatch(line -> line.startsWith("  ok ")), report);
    assertTrue(report.contains("unsigned: loopback"), report);
  }

  @Test
  void smokeCheckFailsForAnUntrustedApplication() {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    boolean passed;
    try (LocalEye eye = LocalEye.start(settings(), Fixtures.repoRoot());
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
      passed =
          SmokeCheck.of(URI.create(eye.baseUrl()), UUID.randomUUID(), Duration.ofSeconds(5), out)
              .run();
    }
    String report = printed.toString(StandardCharsets.UTF_8);

    assertEquals(false, passed, report);
    assertTrue(report.contains("FAIL  POST /api/v1/events") && report.contains("401"), report);
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

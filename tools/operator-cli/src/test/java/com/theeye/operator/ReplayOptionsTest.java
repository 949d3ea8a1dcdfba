package com.theeye.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayOptionsTest {

  @Test
  void readsTheWindowFiltersAndDryRun() {
    UUID application = UUID.randomUUID();
    ReplayOptions options =
        ReplayOptions.parse(
            List.of(
                "--from",
                "2026-03-01T00:00Z",
                "--to",
                "2026-03-08 00:00:00",
                "--application",
                application.toString(),
                "--category",
                "page interaction",
                "--name",
                "cta click",
                "--dry-run"));

    assertEquals(Instant.parse("2026-03-01T00:00:00Z"), options.from());
    assertEquals(Instant.parse("2026-03-08T00:00:00Z"), options.to());
    assertEquals(Optional.of(application), options.application());
    assertEquals(Optional.of("page interaction"), options.category());
    assertEquals(Optional.of("cta click"), options.name());
    assertTrue(options.dryRun());
    assertEquals(Optional.empty(), options.stack());
  }

  @Test
  void refusesWhatMakesNoReplay() {
    assertEquals("--from and --to are required", message(List.of("--from", "2026-03-01T00:00Z")));
    assertEquals(
        "--to must be later than --from",
        message(List.of("--from", "2026-03-02T00:00Z", "--to", "2026-03-01T00:00Z")));
    assertEquals(
        "--name needs --category",
        message(
            List.of("--from", "2026-03-01T00:00Z", "--to", "2026-03-02T00:00Z", "--name", "x")));
    assertEquals(
        "--application 'shop' is not a UUID",
        message(
            List.of(
                "--from",
                "2026-03-01T00:00Z",
                "--to",
                "2026-03-02T00:00Z",
                "--application",
                "shop")));
    assertEquals("unknown argument '--force'", message(List.of("--force")));
  }

  @Test
  void boundsTheWaitToADay() {
    List<String> window = List.of("--from", "2026-03-01T00:00Z", "--to", "2026-03-02T00:00Z");

    assertEquals(
        "--wait '9223372036854775807' is out of range: from 0 to 86400 seconds (a day)",
        message(with(window, "--wait", "9223372036854775807")));
    assertEquals(
        "--wait '86401' is out of range: from 0 to 86400 seconds (a day)",
        message(with(window, "--wait", "86401")));
    assertEquals(
        "--wait '-1' is out of range: from 0 to 86400 seconds (a day)",
        message(with(window, "--wait", "-1")));
    assertEquals(
        "--wait '99999999999999999999' is not a number of seconds",
        message(with(window, "--wait", "99999999999999999999")));
    assertEquals(
        Duration.ofDays(1), ReplayOptions.parse(with(window, "--wait", "86400")).drainWait());
    assertEquals(Duration.ZERO, ReplayOptions.parse(with(window, "--wait", "0")).drainWait());
  }

  @Test
  void aBlankValueIsNoValue() {
    assertEquals(
        "--category needs a value",
        message(
            List.of(
                "--from", "2026-03-01T00:00Z", "--to", "2026-03-02T00:00Z", "--category", " ")));
  }

  @Test
  void theCommandChecksEveryOptionBeforeReadingOrSendingAnything(@TempDir Path noRunner) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int exit =
        ReplayCli.run(
            List.of(
                "--from",
                "2026-03-01T00:00Z",
                "--to",
                "2026-03-02T00:00Z",
                "--wait",
                "9223372036854775807"),
            Map.of("EYE_DATA_DIR", noRunner.toString()),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    // Not "no runner found": the bad option is reported before the target is even looked for.
    assertEquals(ReplayCli.USAGE, exit);
    String error = err.toString(StandardCharsets.UTF_8);
    assertTrue(error.startsWith("replay: --wait '9223372036854775807' is out of range"), error);
    assertEquals("", out.toString(StandardCharsets.UTF_8), "nothing was replayed");
  }

  @Test
  void theOptionsThemselvesRefuseAWaitPastADay() {
    Instant from = Instant.parse("2026-03-01T00:00:00Z");
    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new ReplayOptions(
                    from,
                    from.plusSeconds(60),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    false,
                    Optional.empty(),
                    Duration.ofSeconds(Long.MAX_VALUE)));
    assertEquals("--wait must be from 0 to 86400 seconds", refused.getMessage());
  }

  @Test
  void theCommandPrintsUsageOnBadArguments() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        ReplayCli.run(
            List.of("--from", "yesterday"),
            Map.of(),
            new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(ReplayCli.USAGE, exit);
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage: replay"));
  }

  private static List<String> with(List<String> args, String... more) {
    List<String> all = new java.util.ArrayList<>(args);
    all.addAll(List.of(more));
    return all;
  }

  private static String message(List<String> args) {
    return assertThrows(IllegalArgumentException.class, () -> ReplayOptions.parse(args))
        .getMessage();
  }
}

package com.theeye.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

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

  private static String message(List<String> args) {
    return assertThrows(IllegalArgumentException.class, () -> ReplayOptions.parse(args))
        .getMessage();
  }
}

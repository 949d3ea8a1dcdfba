package com.theeye.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FunctionLogTest {

  private static final String INFO = "{\"level\":\"INFO\",\"message\":\"ingest request\"}";
  private static final String WARN = "{\"level\":\"WARN\",\"message\":\"ingest request\"}";
  private static final String ERROR = "{\"level\":\"ERROR\",\"message\":\"ingest request\"}";

  @TempDir Path folder;

  @Test
  void everyLineReachesTheFileAndOnlyWarningsAndErrorsTheConsole() throws IOException {
    List<String> console = new ArrayList<>();
    Path file = folder.resolve("logs/functions.jsonl");
    try (FunctionLog log = FunctionLog.open(file, console::add)) {
      log.accept(INFO);
      log.accept(WARN);
      log.accept(ERROR);
    }

    assertEquals(List.of(WARN, ERROR), console);
    assertEquals(List.of(INFO, WARN, ERROR), Files.readAllLines(file));
  }

  @Test
  void linesAreWrittenWithinTheFlushWithoutAStop() throws IOException {
    Path file = folder.resolve("functions.jsonl");
    try (FunctionLog log = FunctionLog.open(file, line -> {})) {
      log.accept(INFO);
      log.flush();

      assertEquals(List.of(INFO), Files.readAllLines(file));
    }
  }

  @Test
  void aLogThatCannotBeWrittenNeverFailsTheRequestThatLogs() throws IOException {
    Path file = folder.resolve("functions.jsonl");
    // The kernel's own "No space left on device" on every write.
    Files.createSymbolicLink(file, Path.of("/dev/full"));
    List<String> console = new ArrayList<>();
    try (FunctionLog log = FunctionLog.open(file, console::add)) {
      // More than the writer's buffer, so the write itself reaches the full disk.
      for (int i = 0; i < 2_000; i++) {
        log.accept(INFO);
      }
      log.flush();
      log.accept(WARN);
    }

    assertEquals(List.of(WARN), console, "warnings still reach the console");
    assertTrue(Files.isSymbolicLink(file));
  }
}

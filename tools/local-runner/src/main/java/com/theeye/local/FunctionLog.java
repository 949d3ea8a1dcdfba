package com.theeye.local;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Where the functions' log lines go locally. Every line goes to a file, as CloudWatch would keep
 * it; only {@code WARN} and {@code ERROR} lines also reach the console. Printing two lines per
 * request (the request's and its metrics line) to a terminal cost more than handling the request
 * under load, and buried the lines worth reading. Lines are buffered and written once a second, so
 * the file costs no system call per request; a line is at most a second late, never lost on a clean
 * stop.
 */
final class FunctionLog implements Consumer<String>, AutoCloseable {

  /** {@code LogLine} writes {@code level} first, so a line's level is known without parsing it. */
  private static final String INFO_PREFIX = "{\"level\":\"INFO\"";

  private final Path file;
  private final BufferedWriter writer;
  private final Consumer<String> console;
  private final ScheduledExecutorService flusher;
  private boolean failed; // guarded by writer

  private FunctionLog(Path file, BufferedWriter writer, Consumer<String> console) {
    this.file = file;
    this.writer = writer;
    this.console = console;
    this.flusher =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("function-log-flusher").daemon().factory());
    flusher.scheduleWithFixedDelay(this::flush, 1, 1, TimeUnit.SECONDS);
  }

  /** Appends to {@code file} (kept across runs, like a log group), echoing warnings to console. */
  static FunctionLog open(Path file, Consumer<String> console) throws IOException {
    Files.createDirectories(file.getParent());
    BufferedWriter writer =
        Files.newBufferedWriter(
            file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    return new FunctionLog(file, writer, console);
  }

  Path file() {
    return file;
  }

  @Override
  public void accept(String line) {
    if (!line.startsWith(INFO_PREFIX)) {
      console.accept(line);
    }
    synchronized (writer) {
      if (failed) {
        return;
      }
      try {
        writer.write(line);
        writer.newLine();
      } catch (IOException e) {
        fail(e);
      }
    }
  }

  /** Writes what is buffered; called every second and at close. */
  void flush() {
    synchronized (writer) {
      if (failed) {
        return;
      }
      try {
        writer.flush();
      } catch (IOException e) {
        fail(e);
      }
    }
  }

  @Override
  public void close() {
    flusher.shutdownNow();
    flush();
    synchronized (writer) {
      try {
        writer.close();
      } catch (IOException e) {
        fail(e);
      }
    }
  }

  // A log that cannot be written (a full disk) must not fail the requests that log: say so once,
  // and send the lines to the console from then on.
  private void fail(IOException e) {
    if (!failed) {
      failed = true;
      System.err.println(
          "The Eye cannot write its log " + file + " (" + e.getMessage() + "): logging to console");
    }
  }
}

package com.theeye.emulators;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * dynalite, the DynamoDB emulator, as a child process of this JVM on a loopback port we choose. It
 * is started from the node_modules of the committed tools/emulators/package.json (installed by
 * {@code npm ci}) and exits when this JVM closes its stdin.
 */
public final class Dynalite implements AutoCloseable {

  /** The folder, below the checkout, of the emulators' Node package: package.json, node_modules. */
  public static final String NODE_PACKAGE = "tools/emulators";

  /** How long it may take to say it listens: Node's start is slow on a busy machine. */
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  /** How many of its last output lines are kept to say why it exited. */
  private static final int LINES_KEPT = 20;

  private final Process process;
  private final URI endpoint;
  private final Path repoRoot;
  private final Path dataDirectory;
  private final Deque<String> lastLines;
  private final Thread outputReader;

  private Dynalite(
      Process process,
      URI endpoint,
      Path repoRoot,
      Path dataDirectory,
      Deque<String> lastLines,
      Thread outputReader) {
    this.process = process;
    this.endpoint = endpoint;
    this.repoRoot = repoRoot;
    this.dataDirectory = dataDirectory;
    this.lastLines = lastLines;
    this.outputReader = outputReader;
  }

  /**
   * Starts dynalite and waits until it listens.
   *
   * @param dataDirectory where LevelDB keeps the tables, or null to keep them in memory
   */
  public static Dynalite start(Path repoRoot, Path dataDirectory) {
    Path home = repoRoot.resolve(NODE_PACKAGE);
    Path script = home.resolve("dynalite-server.js");
    if (!Files.isDirectory(home.resolve("node_modules/dynalite"))) {
      throw new IllegalStateException(
          "dynalite is not installed: run `npm ci` in " + home + " (make test does it for you)");
    }
    IllegalStateException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      int port = FreePorts.pick();
      try {
        return launch(repoRoot, script, port, dataDirectory);
      } catch (IllegalStateException e) {
        last = e; // another process may have taken the port between pick and listen
      }
    }
    throw last;
  }

  private static Dynalite launch(Path repoRoot, Path script, int port, Path dataDirectory) {
    List<String> command =
        new ArrayList<>(List.of(node(), script.toString(), Integer.toString(port)));
    if (dataDirectory != null) {
      command.add(dataDirectory.toString());
    }
    Process process;
    try {
      process =
          new ProcessBuilder(command)
              .directory(repoRoot.toFile())
              .redirectErrorStream(true)
              .start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "could not start node for dynalite (is Node.js 20+ on PATH?): " + e, e);
    }
    CompletableFuture<String> ready = new CompletableFuture<>();
    Deque<String> lastLines = new ArrayDeque<>();
    Thread reader =
        Thread.ofPlatform()
            .daemon()
            .name("dynalite-output")
            .start(() -> readOutput(process, ready, lastLines));
    try {
      ready.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      return new Dynalite(
          process,
          URI.create("http://127.0.0.1:" + port),
          repoRoot,
          dataDirectory,
          lastLines,
          reader);
    } catch (TimeoutException e) {
      process.destroyForcibly();
      throw new IllegalStateException(
          "dynalite (DynamoDB) did not say it listens on 127.0.0.1:"
              + port
              + " within "
              + START_TIMEOUT.toSeconds()
              + " s (is the machine very busy?); it printed: "
              + printedSoFar(lastLines),
          e);
    } catch (ExecutionException e) {
      process.destroyForcibly();
      throw new IllegalStateException(
          "dynalite (DynamoDB) did not start on 127.0.0.1:"
              + port
              + ": "
              + e.getCause().getMessage(),
          e);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting dynalite", e);
    } finally {
      if (!ready.isDone()) {
        reader.interrupt();
      }
    }
  }

  private static String printedSoFar(Deque<String> lines) {
    synchronized (lines) {
      return lines.isEmpty() ? "nothing" : String.join(" / ", lines);
    }
  }

  /**
   * Waits for the ready line, then keeps the last lines: dynalite prints nothing while it runs, and
   * when it dies (LevelDB's "No space left on device", say) the last lines say why.
   */
  private static void readOutput(
      Process process, CompletableFuture<String> ready, Deque<String> lastLines) {
    StringBuilder seen = new StringBuilder();
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        if (!ready.isDone()) {
          seen.append(line).append('\n');
          if (line.startsWith("dynalite ready")) {
            ready.complete(line);
            continue;
          }
        }
        if (!line.isBlank()) {
          synchronized (lastLines) {
            lastLines.addLast(line.strip());
            if (lastLines.size() > LINES_KEPT) {
              lastLines.removeFirst();
            }
          }
        }
      }
    } catch (IOException e) {
      // the process is gone; the exit below reports it
    }
    ready.completeExceptionally(
        new IllegalStateException("dynalite exited: " + seen.toString().strip()));
  }

  private static String node() {
    String configured = System.getenv("NODE");
    return configured == null || configured.isBlank() ? "node" : configured;
  }

  public URI endpoint() {
    return endpoint;
  }

  /** Whether the process still runs; it may die of a full disk, a crash or a kill. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** How the process ended, for the report; only meaningful once {@link #isAlive()} is false. */
  public int exitValue() {
    return process.exitValue();
  }

  /**
   * Why it exited, as its last error line says (Node prints an uncaught error on a line of its own,
   * in brackets); empty when it said nothing after it was ready. Its last lines may still be on
   * their way when it has just exited, so the reader is given a moment to reach their end.
   */
  public Optional<String> exitReason() {
    try {
      outputReader.join(Duration.ofSeconds(1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    List<String> lines;
    synchronized (lastLines) {
      lines = List.copyOf(lastLines);
    }
    return lines.reversed().stream()
        .filter(line -> line.contains("Error"))
        .findFirst()
        .map(line -> line.replaceFirst("^\\[", "").replaceFirst("\\]\\s*\\{?$", ""));
  }

  /**
   * A new dynalite on the same port and data, so clients built for this endpoint keep working.
   *
   * @throws IllegalStateException when it cannot start (e.g. the port was taken meanwhile)
   */
  public Dynalite restarted() {
    close();
    return launch(
        repoRoot,
        repoRoot.resolve(NODE_PACKAGE).resolve("dynalite-server.js"),
        endpoint.getPort(),
        dataDirectory);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}

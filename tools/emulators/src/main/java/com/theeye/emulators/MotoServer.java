package com.theeye.emulators;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * moto's server mode (the Python package {@code moto[server]}, command {@code moto_server}), for
 * the one AWS API no other emulator here has: DynamoDB Streams (dynalite lists them as not
 * implemented; its readme's TODO). Tests of the stream reader start one per class; where the
 * command is not installed they are skipped with that reason ({@link #command}).
 */
public final class MotoServer implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final URI endpoint;

  private MotoServer(Process process, URI endpoint) {
    this.process = process;
    this.endpoint = endpoint;
  }

  /** {@code moto_server} on the PATH, if installed. */
  public static Optional<Path> command() {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    return Stream.of(path.split(java.io.File.pathSeparator))
        .map(dir -> Path.of(dir, "moto_server"))
        .filter(Files::isExecutable)
        .findFirst();
  }

  /**
   * Starts moto on a free local port and waits until it answers.
   *
   * @throws IllegalStateException when it is not installed or does not answer in time
   */
  public static MotoServer start() {
    Path command =
        command().orElseThrow(() -> new IllegalStateException("moto_server is not installed"));
    int port = FreePorts.pick();
    Process process;
    try {
      process =
          new ProcessBuilder(
                  List.of(command.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port)))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + command, e);
    }
    URI endpoint = URI.create("http://127.0.0.1:" + port);
    MotoServer server = new MotoServer(process, endpoint);
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    while (true) {
      try {
        http.send(
            HttpRequest.newBuilder(endpoint.resolve("/moto-api/")).GET().build(),
            HttpResponse.BodyHandlers.discarding());
        return server;
      } catch (IOException e) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          server.close();
          throw new IllegalStateException("moto_server did not answer at " + endpoint, e);
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          server.close();
          throw new IllegalStateException("interrupted while moto_server started", interrupted);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        server.close();
        throw new IllegalStateException("interrupted while moto_server started", e);
      }
    }
  }

  public URI endpoint() {
    return endpoint;
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}

package com.theeye.local;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.theeye.testsupport.Fixtures;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged runner jar in its own JVM, started as `make run` starts it, on a free port
 * (EYE_PORT=0) and the given data folder; its output is collected as it runs.
 */
record PackagedRunner(Process process, String baseUrl, List<String> output, Thread reader) {

  private static final Pattern API =
      Pattern.compile("API\\s+(http://127\\.0\\.0\\.1:\\d+)/api/v1/events/");

  static PackagedRunner start(Path data) throws Exception {
    Path jar = Fixtures.repoRoot().resolve("tools/local-runner/target/local-runner.jar");
    assertTrue(Files.isRegularFile(jar), jar + " is built by `package`");
    ProcessBuilder command =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED",
                    "--sun-misc-unsafe-memory-access=allow",
                    "-jar",
                    jar.toString()))
            .directory(Fixtures.repoRoot().toFile())
            .redirectErrorStream(true);
    command.environment().put("EYE_PORT", "0");
    command.environment().put("EYE_DATA_DIR", data.toString());
    Process process = command.start();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    List<String> output = new CopyOnWriteArrayList<>();
    Thread reader = Thread.ofPlatform().daemon().start(() -> readLines(process, lines, output));
    // The banner names the API address once the runner is ready.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    List<String> seen = new ArrayList<>();
    while (System.nanoTime() < deadline) {
      String line = lines.poll(1, TimeUnit.SECONDS);
      if (line == null) {
        continue;
      }
      seen.add(line);
      Matcher api = API.matcher(line);
      if (api.find()) {
        return new PackagedRunner(process, api.group(1), output, reader);
      }
    }
    process.destroyForcibly();
    throw new AssertionError("the runner printed no API address; output:\n" + seen);
  }

  /**
   * SIGTERM, as a service manager sends it, then waits for the runner and the end of its output.
   * Through the handle: Process.destroy() would also close our end of the runner's output, and the
   * tests read how it stops.
   */
  boolean stop() throws InterruptedException {
    process.toHandle().destroy();
    boolean stopped = process.waitFor(60, TimeUnit.SECONDS);
    reader.join(TimeUnit.SECONDS.toMillis(10));
    return stopped;
  }

  private static void readLines(Process process, BlockingQueue<String> lines, List<String> output) {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        lines.add(line);
        output.add(line);
      }
    } catch (IOException e) {
      // the process ended
    }
  }
}

package com.theeye.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.theeye.testsupport.Fixtures;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar `make run` starts, started the same way in a fresh JVM: everything it needs is inside it,
 * it answers the seed example, and it stops cleanly on SIGTERM. Unit tests run on Maven's classpath
 * and cannot see a dependency the shade left out.
 */
class PackagedRunnerIT {

  private static final Pattern API =
      Pattern.compile("API\\s+(http://127\\.0\\.0\\.1:\\d+)/api/v1/events/");

  @TempDir Path data;

  @Test
  void theRunnerJarStartsAcceptsTheSeedExampleAndStopsCleanly() throws Exception {
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
    Process runner = command.start();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    List<String> output = new CopyOnWriteArrayList<>();
    Thread reader = Thread.ofPlatform().daemon().start(() -> readLines(runner, lines, output));
    try {
      String baseUrl = awaitBaseUrl(lines);
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/events/"))
                      .header("application", LocalSettings.SEED_APPLICATION.toString())
                      .header("content-type", "application/json")
                      .POST(
                          HttpRequest.BodyPublishers.ofString(
                              "{\"session_id\": \"e2085be5-9137-4e4e-80b5-f1ffddc25423\","
                                  + " \"category\": \"page interaction\", \"name\": \"pageview\","
                                  + " \"data\": {\"host\": \"www.consumeraffairs.com\", \"path\": \"/\"},"
                                  + " \"timestamp\": \"2021-01-01 09:15:27.243860\"}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertEquals(202, response.statusCode(), response.body());
    } finally {
      // SIGTERM, as a service manager sends it. Through the handle: Process.destroy() would also
      // close our end of the runner's output, and we want to read how it stops.
      runner.toHandle().destroy();
      assertTrue(runner.waitFor(60, TimeUnit.SECONDS), "the runner stops");
      reader.join(TimeUnit.SECONDS.toMillis(10));
    }
    assertTrue(
        output.contains("The Eye stopped."),
        () -> "exit " + runner.exitValue() + ", output was:\n" + String.join("\n", output));
  }

  /** Reads the banner for the API address (the runner picks a free port: EYE_PORT=0). */
  private static String awaitBaseUrl(BlockingQueue<String> lines) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    StringBuilder seen = new StringBuilder();
    while (System.nanoTime() < deadline) {
      String line = lines.poll(1, TimeUnit.SECONDS);
      if (line == null) {
        continue;
      }
      seen.append(line).append('\n');
      Matcher api = API.matcher(line);
      if (api.find()) {
        return api.group(1);
      }
    }
    throw new AssertionError("the runner printed no API address; output:\n" + seen);
  }

  private static void readLines(Process process, BlockingQueue<String> lines, List<String> output) {
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        lines.add(line);
        output.add(line);
      }
    } catch (java.io.IOException e) {
      // the process ended
    }
  }
}

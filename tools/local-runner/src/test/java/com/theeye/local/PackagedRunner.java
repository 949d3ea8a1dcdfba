package com.theeye.local;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.theeye.event.ExactJson;
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
 * (EYE_PORT=0) and the given data folder; its output is collected as it runs. {@link #process()} is
 * what was started (a shell, for the ways a script starts it), {@link #runner()} the runner's JVM.
 */
record PackagedRunner(Process process, String baseUrl, List<String> output, Thread reader)
    implements AutoCloseable {

  private static final Pattern API =
      Pattern.compile("API\\s+(http://127\\.0\\.0\\.1:\\d+)/api/v1/events/");

  /** As `make run` starts it: java -jar. */
  static PackagedRunner start(Path data) throws Exception {
    return launch(data, javaJar());
  }

  /**
   * In the background of a script, {@code bash -c 'java -jar ... & wait'}: bash starts it with
   * SIGINT and SIGQUIT ignored, as it starts every asynchronous command without job control
   * (https://www.gnu.org/software/bash/manual/html_node/Signals.html). The shell ends with the
   * runner's status.
   */
  static PackagedRunner startInTheBackgroundOfAScript(Path data) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", "-c", "\"$@\" & wait $!", "bash"));
    command.addAll(javaJar());
    return launch(data, command);
  }

  /** With SIGINT ignored, then exec'd: {@code sh -c 'trap "" INT; exec java -jar ...'}. */
  static PackagedRunner startWithSigintIgnored(Path data) throws Exception {
    List<String> command = new ArrayList<>(List.of("sh", "-c", "trap '' INT; exec \"$@\"", "sh"));
    command.addAll(javaJar());
    return launch(data, command);
  }

  /**
   * The same jar and the same start and stop as `make run` ({@link QuickRetryRunner}), with a
   * failed message retried a second later and dead-lettered after {@link
   * QuickRetryRunner#MAX_RECEIVE_COUNT} receives, so a dead letter happens within a test.
   */
  static PackagedRunner startWithQuickRetries(Path data) throws Exception {
    Path testClasses = Fixtures.repoRoot().resolve("tools/local-runner/target/test-classes");
    return launch(
        data,
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--enable-native-access=ALL-UNNAMED",
            "--sun-misc-unsafe-memory-access=allow",
            "-cp",
            jar() + java.io.File.pathSeparator + testClasses,
            QuickRetryRunner.class.getName()));
  }

  /**
   * Through the Makefile, {@code make -s run}, as the leader of a process group of its own, as a
   * terminal runs a foreground job: Ctrl-C is {@link #signalGroup} INT. Build the jar first: the
   * Makefile would rebuild it otherwise.
   */
  static PackagedRunner startWithMake(Path data) throws Exception {
    return launch(data, List.of("setsid", "make", "-s", "run"));
  }

  /** The runner's JVM: the process started, or the one java process below the shell. */
  ProcessHandle runner() {
    if (isJava(process.toHandle())) {
      return process.toHandle();
    }
    return process
        .toHandle()
        .children()
        .filter(PackagedRunner::isJava)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no runner JVM below " + process.pid()));
  }

  /** Sends the runner's JVM a signal by name (INT, TERM), as kill(1) does. */
  void signal(String name) throws Exception {
    Process kill =
        new ProcessBuilder("kill", "-" + name, Long.toString(runner().pid())).inheritIO().start();
    assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -" + name);
  }

  /** Sends a signal to the process group the started process leads, as a terminal's Ctrl-C does. */
  void signalGroup(String name) throws Exception {
    Process kill =
        new ProcessBuilder("kill", "-" + name, "--", "-" + process.pid()).inheritIO().start();
    assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -" + name);
  }

  /**
   * SIGTERM, as a service manager sends it, then waits for the runner and the end of its output.
   * Through the handle: Process.destroy() would also close our end of the runner's output, and the
   * tests read how it stops.
   */
  boolean stop() throws InterruptedException {
    runner().destroy();
    return awaitExit();
  }

  /** SIGKILL: no shutdown hook runs, nothing is saved. */
  void killDashNine() throws InterruptedException {
    runner().destroyForcibly();
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the runner dies of kill -9");
  }

  /** Waits for what was started to end, and for the end of its output. */
  boolean awaitExit() throws InterruptedException {
    boolean stopped = process.waitFor(240, TimeUnit.SECONDS);
    reader.join(TimeUnit.SECONDS.toMillis(10));
    return stopped;
  }

  /**
   * Kills what a failed test left running (the runner, its dynalite, a shell or make above them);
   * nothing to do after a stop.
   */
  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** What it printed, for assertion messages. */
  String printed() {
    return String.join("\n", output);
  }

  /** endpoints.json, which the runner writes into its data folder once it is ready. */
  static JsonNode endpoints(Path data) throws IOException {
    return ExactJson.MAPPER.readTree(Files.readString(data.resolve(EndpointsFile.NAME)));
  }

  private static PackagedRunner launch(Path data, List<String> command) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(Fixtures.repoRoot().toFile())
            .redirectErrorStream(true);
    builder.environment().put("EYE_PORT", "0");
    builder.environment().put("EYE_DATA_DIR", data.toString());
    Process process = builder.start();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    List<String> output = new CopyOnWriteArrayList<>();
    Thread reader = Thread.ofPlatform().daemon().start(() -> readLines(process, lines, output));
    // The banner names the API address once the runner is ready: within seconds on an idle
    // machine, and within minutes on a very busy one.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
    while (System.nanoTime() < deadline) {
      String line = lines.poll(1, TimeUnit.SECONDS);
      if (line == null) {
        if (!process.isAlive() && !reader.isAlive() && lines.isEmpty()) {
          break; // it ended, and said why
        }
        continue;
      }
      Matcher api = API.matcher(line);
      if (api.find()) {
        return new PackagedRunner(process, api.group(1), output, reader);
      }
    }
    process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    throw new AssertionError("the runner printed no API address; output:\n" + output);
  }

  private static List<String> javaJar() {
    return List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED",
        "--sun-misc-unsafe-memory-access=allow",
        "-jar",
        jar().toString());
  }

  private static Path jar() {
    Path jar = Fixtures.repoRoot().resolve("tools/local-runner/target/local-runner.jar");
    assertTrue(Files.isRegularFile(jar), jar + " is built by `package`");
    return jar;
  }

  private static boolean isJava(ProcessHandle handle) {
    return handle.info().command().map(c -> c.endsWith("/java")).orElse(false);
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

package com.theeye.local;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What {@code make run} runs ({@code java -jar tools/local-runner/target/local-runner.jar}): The
 * Eye started from the environment's settings ({@link LocalSettings#fromEnv}), its banner printed,
 * and a stop on Ctrl-C or SIGTERM whose status says whether it was clean.
 */
public final class LocalRunner {

  private LocalRunner() {}

  public static void main(String[] args) {
    // The functions' SDK clients use the JDK's HttpURLConnection, which keeps at most 5 idle
    // connections per host alive. One Lambda instance sends one request at a time, so 5 is plenty
    // there; here one JVM serves every concurrent request, and under load the others were closed
    // after each call: a new TCP connection (and a new ElasticMQ stream) per event. Read once, when
    // the first connection is made, so it is set before anything connects.
    System.setProperty("http.maxConnections", String.valueOf(LocalEye.EMULATOR_CONNECTIONS));
    LocalSettings settings;
    try {
      settings = LocalSettings.fromEnv(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("The Eye could not start: " + e.getMessage());
      System.exit(1);
      return;
    }
    runUntilStopped(settings, Path.of("").toAbsolutePath());
  }

  /**
   * What {@code make run} does: starts, prints the banner, and stops cleanly on Ctrl-C (SIGINT) or
   * SIGTERM, ending with status 0 after a clean stop and 1 when a step of the stop failed (the
   * message says which; the journal keeps every accepted event either way).
   */
  static void runUntilStopped(LocalSettings settings, Path repoRoot) {
    long started = System.nanoTime();
    try {
      if (InterruptSignal.takeBackIfIgnored()) {
        System.out.println(
            "SIGINT was ignored, as for a background job: it stops The Eye again, as SIGTERM does.");
      }
    } catch (IllegalStateException e) {
      System.err.println(e.getMessage() + ": stop the runner with SIGTERM (kill <pid>).");
    }
    LocalEye eye;
    try {
      eye = LocalEye.start(settings, repoRoot);
    } catch (LocalEye.StartupException e) {
      System.err.println("The Eye could not start: " + e.getMessage());
      System.exit(1);
      return;
    } catch (RuntimeException | Error e) {
      System.err.println("The Eye could not start, a bug or a broken build:");
      e.printStackTrace(System.err);
      System.exit(1);
      return;
    }
    // Ctrl-C (SIGINT) and SIGTERM both run this hook. The status is the stop's, not the JVM's 130
    // or 143, so a clean stop is no error to `make run` or a script.
    Runtime.getRuntime()
        .addShutdownHook(
            Thread.ofPlatform()
                .unstarted(
                    () -> {
                      int status = 1;
                      try {
                        status = eye.stop() ? 0 : 1;
                      } finally {
                        System.out.flush();
                        System.err.flush();
                        Runtime.getRuntime().halt(status);
                      }
                    }));
    System.out.println(eye.banner().text(Duration.ofNanos(System.nanoTime() - started)));
  }
}

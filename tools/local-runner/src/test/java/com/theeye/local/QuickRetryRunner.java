package com.theeye.local;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The runner as `make run` runs it ({@link LocalRunner#runUntilStopped}, from the packaged jar),
 * but with a failed message back on the queue after a second, dead-lettered after {@link
 * #MAX_RECEIVE_COUNT} receives, and a stop that waits 5 s for the queue to drain: the template's
 * 180 s and 5 receives would make a dead letter take a quarter of an hour. Started by {@link
 * PackagedRunner#startWithQuickRetries}.
 */
final class QuickRetryRunner {

  static final int MAX_RECEIVE_COUNT = 2;

  private QuickRetryRunner() {}

  public static void main(String[] args) {
    LocalSettings settings = LocalSettings.fromEnv(System.getenv());
    LocalRunner.runUntilStopped(
        new LocalSettings(
            settings.host(),
            settings.port(),
            settings.dataDirectory(),
            settings.defaultApplication(),
            new LocalSettings.QueueSettings(
                Duration.ofSeconds(1), MAX_RECEIVE_COUNT, settings.queue().batchSize()),
            Duration.ofSeconds(5),
            settings.cors()),
        Path.of("").toAbsolutePath());
  }
}

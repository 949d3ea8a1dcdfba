package com.theeye.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The runner as most tests start it. */
final class TestRunners {

  private TestRunners() {}

  /**
   * On a free loopback port, with the seed application registered, its data in {@code data}: a
   * message seen again after 1 s, dead-lettered at its third receive, ten to a batch; 20 s to drain
   * at stop.
   */
  static LocalSettings settings(Path data) {
    return new LocalSettings(
        "127.0.0.1",
        0,
        data,
        Optional.of(LocalSettings.SEED_APPLICATION),
        new LocalSettings.QueueSettings(Duration.ofSeconds(1), 3, 10),
        Duration.ofSeconds(20));
  }
}

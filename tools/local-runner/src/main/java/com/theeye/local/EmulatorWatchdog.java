package com.theeye.local;

import com.theeye.emulators.LocalEmulators;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Keeps the emulators alive and the journal short, once a second: a dead dynalite is started again
 * on its port and data (and why it died is said once), storage's threads are kept at their lower
 * priority, and the journal drops what is known to be off the queues.
 */
final class EmulatorWatchdog implements AutoCloseable {

  /** How often the watchdog looks. */
  static final Duration EVERY = Duration.ofSeconds(1);

  private final LocalEmulators emulators;
  private final JournaledQueues journaled;
  private final Path dataDirectory;
  private final Thread thread;

  private EmulatorWatchdog(
      LocalEmulators emulators, JournaledQueues journaled, Path dataDirectory) {
    this.emulators = emulators;
    this.journaled = journaled;
    this.dataDirectory = dataDirectory;
    this.thread = Thread.ofPlatform().daemon().name("emulator-watchdog").unstarted(this::watch);
  }

  static EmulatorWatchdog start(
      LocalEmulators emulators, JournaledQueues journaled, Path dataDirectory) {
    EmulatorWatchdog watchdog = new EmulatorWatchdog(emulators, journaled, dataDirectory);
    watchdog.thread.start();
    return watchdog;
  }

  /** Stops watching; returns once the current look is over. */
  @Override
  public void close() throws InterruptedException {
    thread.interrupt();
    thread.join(Duration.ofSeconds(10));
  }

  private void watch() {
    String lastReport = "";
    StoragePriority storagePriority = new StoragePriority();
    storagePriority.lowerStorage();
    while (!Thread.currentThread().isInterrupted()) {
      try {
        Thread.sleep(EVERY);
      } catch (InterruptedException e) {
        return;
      }
      String report = reviveDynamoDb();
      // Once per change: a dynalite that cannot start on a full disk fails every second.
      if (!report.isEmpty() && !report.equals(lastReport)) {
        System.err.println(report);
      }
      lastReport = report;
      // Every second: the processor's workers start on demand, and a revived dynalite is new.
      storagePriority.lowerStorage();
      try {
        journaled.compact();
      } catch (IOException | RuntimeException e) {
        // The queue is busy or the disk refuses: the journal keeps what it holds, which is safe.
      }
    }
  }

  /** What to tell the operator about dynalite: empty while it runs. */
  private String reviveDynamoDb() {
    try {
      return emulators.reviveDynamoDb().map(this::withDiskHint).orElse("");
    } catch (IllegalStateException e) {
      return withDiskHint(
          "dynalite (DynamoDB) is down and cannot be restarted: "
              + e.getMessage()
              + ". Accepted events wait on the queue and in the journal; queries answer 503.");
    }
  }

  private String withDiskHint(String report) {
    return report.contains("No space left on device")
        ? report
            + " The disk holding "
            + dataDirectory
            + " is full: free space there; until then dynalite dies at its next write, and is"
            + " restarted."
        : report;
  }
}

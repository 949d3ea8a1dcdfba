package com.theeye.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chaos on the packaged runner, as `make run` starts it: {@code kill -9} in the middle of a load
 * loses no event answered 202, and a clean SIGTERM ends with status 0.
 */
class RunnerCrashIT {

  private static final int SENDERS = 8;
  private static final int KILL_AFTER_ACCEPTED = 200;

  @TempDir Path data;

  @Test
  void everyEventAnswered202SurvivesAKillDashNineOfTheRunnerMidLoad() throws Exception {
    Set<String> accepted = ConcurrentHashMap.newKeySet();
    AtomicInteger unanswered = new AtomicInteger();
    PackagedRunner first = PackagedRunner.start(data);
    ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
    try {
      for (int s = 0; s < SENDERS; s++) {
        senders.submit(() -> sendUntilRefused(first.baseUrl(), accepted, unanswered));
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (accepted.size() < KILL_AFTER_ACCEPTED && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      first.process().toHandle().destroyForcibly(); // SIGKILL: no shutdown hook runs
      assertTrue(first.process().waitFor(30, TimeUnit.SECONDS));
    } finally {
      senders.shutdown();
      assertTrue(senders.awaitTermination(60, TimeUnit.SECONDS));
    }

    PackagedRunner second = PackagedRunner.start(data);
    Set<String> stored;
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      stored = LocalApiClient.storedIds(second.baseUrl());
      while (!stored.containsAll(accepted) && System.nanoTime() < deadline) {
        Thread.sleep(200);
        stored = LocalApiClient.storedIds(second.baseUrl());
      }
    } finally {
      assertTrue(second.stop(), "the runner stops on SIGTERM");
    }

    System.out.println(
        "kill -9 mid-load: "
            + accepted.size()
            + " answered 202, "
            + stored.size()
            + " stored after the restart, "
            + unanswered.get()
            + " request(s) cut off unanswered by the kill");
    Set<String> lost = new HashSet<>(accepted);
    lost.removeAll(stored);
    assertEquals(Set.of(), lost, "events answered 202 and lost");
    assertTrue(
        stored.size() <= accepted.size() + unanswered.get(),
        "only requests cut off by the kill may be stored without a 202");
    assertEquals(0, second.process().exitValue(), () -> String.join("\n", second.output()));
    assertTrue(
        second.output().contains("The Eye stopped."), () -> String.join("\n", second.output()));
  }

  private static void sendUntilRefused(
      String baseUrl, Set<String> accepted, AtomicInteger unanswered) {
    UUID session = UUID.randomUUID();
    for (int i = 0; i < 100_000; i++) {
      try {
        HttpResponse<String> response = LocalApiClient.postPageview(baseUrl, session, "/" + i);
        if (response.statusCode() == 202) {
          accepted.add(LocalApiClient.acceptedId(response));
        }
      } catch (Exception e) {
        unanswered.incrementAndGet(); // the runner is gone
        return;
      }
    }
  }
}

package com.theeye.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.theeye.event.EventCodec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
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

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
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
      String body =
          "{\"session_id\": \""
              + session
              + "\", \"category\": \"page interaction\", \"name\": \"pageview\","
              + " \"data\": {\"host\": \"load.example\", \"path\": \"/"
              + i
              + "\"}, \"timestamp\": \"2026-01-01T00:00:00Z\"}";
      try {
        HttpResponse<String> response =
            HTTP.send(
                HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/events/"))
                    .timeout(Duration.ofSeconds(30))
                    .header("application", LocalSettings.SEED_APPLICATION.toString())
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 202) {
          accepted.add(EventCodec.JSON.readTree(response.body()).get("id").asText());
        }
      } catch (Exception e) {
        unanswered.incrementAndGet(); // the runner is gone
        return;
      }
    }
  }
}

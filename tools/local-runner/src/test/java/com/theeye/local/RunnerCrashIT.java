package com.theeye.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.theeye.operator.ReconcileCli;
import com.theeye.testsupport.Eventually;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
 * Chaos on the packaged runner, as `make run` starts it ({@code java -jar}, in a fresh JVM: unit
 * tests run on Maven's class path and cannot see a dependency the shade left out): {@code kill -9}
 * in the middle of a load loses no event answered 202, and every minute of it reconciles (its
 * accounting counts each accept once with its outcome); the next runner takes the banner's example
 * and a clean SIGTERM ends it with status 0.
 */
class RunnerCrashIT {

  private static final int SENDERS = 8;
  private static final int KILL_AFTER_ACCEPTED = 200;
  private static final int BATCH = 20;
  private static final Duration WITHIN = Duration.ofSeconds(180);
  private static final String APPLICATION = LocalSettings.SEED_APPLICATION.toString();

  /** The banner's example, as a newcomer pastes it. */
  private static final String EXAMPLE =
      "{\"session_id\": \"e2085be5-9137-4e4e-80b5-f1ffddc25423\","
          + " \"category\": \"page interaction\", \"name\": \"pageview\","
          + " \"data\": {\"host\": \"www.consumeraffairs.com\", \"path\": \"/\"},"
          + " \"timestamp\": \"2021-01-01 09:15:27.243860\"}";

  @TempDir Path data;

  @Test
  void everyEventAnswered202SurvivesAKillDashNineOfTheRunnerMidLoad() throws Exception {
    killDashNineMidLoad(1, KILL_AFTER_ACCEPTED);
  }

  /** The same with the SDKs' traffic, arrays of 20: a load of hundreds of events a second. */
  @Test
  void everyMinuteReconcilesAfterAKillDashNineUnderBatchedLoad() throws Exception {
    killDashNineMidLoad(BATCH, 10 * KILL_AFTER_ACCEPTED);
  }

  private void killDashNineMidLoad(int eventsPerRequest, int killAfterAccepted) throws Exception {
    Set<String> accepted = ConcurrentHashMap.newKeySet();
    AtomicInteger unanswered = new AtomicInteger();
    PackagedRunner first = PackagedRunner.start(data);
    Instant from = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    long sending = System.nanoTime();
    ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
    try {
      for (int s = 0; s < SENDERS; s++) {
        senders.submit(
            () -> sendUntilRefused(first.baseUrl(), eventsPerRequest, accepted, unanswered));
      }
      Eventually.await(
          WITHIN, accepted::size, n -> n >= killAfterAccepted, killAfterAccepted + " accepted");
      first.killDashNine(); // SIGKILL: no shutdown hook runs
      sending = System.nanoTime() - sending;
    } finally {
      senders.shutdown();
      assertTrue(senders.awaitTermination(60, TimeUnit.SECONDS));
    }

    PackagedRunner second = PackagedRunner.start(data);
    Set<String> stored;
    JsonNode totals;
    try {
      stored =
          Eventually.await(
              WITHIN,
              () -> LocalApiClient.storedIdsNow(second.baseUrl()),
              ids -> ids.containsAll(accepted),
              "every event answered 202 stored");
      HttpResponse<String> example = new LocalApi(second.baseUrl(), APPLICATION).post(EXAMPLE);
      assertEquals(202, example.statusCode(), example::body);
      totals = AccountingTest.awaitReconciled(new LocalApi(second.baseUrl(), APPLICATION), from);
      ByteArrayOutputStream printed = new ByteArrayOutputStream();
      int exit =
          ReconcileCli.run(
              List.of("--from", from.toString(), "--to", Instant.now().plusSeconds(60).toString()),
              Map.of("EYE_DATA_DIR", data.toString()),
              new PrintStream(printed, true, StandardCharsets.UTF_8),
              System.err);
      System.out.println("make reconcile: " + printed.toString(StandardCharsets.UTF_8).strip());
      assertEquals(0, exit, () -> printed.toString(StandardCharsets.UTF_8));
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
            + " request(s) of "
            + eventsPerRequest
            + " event(s) cut off unanswered by the kill; "
            + (accepted.size() * 1_000_000_000L / Math.max(1, sending))
            + " events/s answered 202 before it");
    System.out.println("stats after the restart, every minute reconciled: " + totals);
    Set<String> lost = new HashSet<>(accepted);
    lost.removeAll(stored);
    assertEquals(Set.of(), lost, "events answered 202 and lost");
    assertTrue(
        stored.size() <= accepted.size() + eventsPerRequest * unanswered.get(),
        "only requests cut off by the kill may be stored without a 202");
    long counted = totals.path("accepted").asLong();
    assertTrue(
        counted >= accepted.size() + 1
            && counted <= accepted.size() + 1 + eventsPerRequest * unanswered.get(),
        "accepted counts every 202 (and the example), and at most the requests the kill cut off: "
            + totals);
    assertEquals(counted, totals.path("stored").asLong(), "every accept stored once: " + totals);
    assertEquals(0, second.process().exitValue(), () -> String.join("\n", second.output()));
    assertTrue(
        second.output().contains("The Eye stopped."), () -> String.join("\n", second.output()));
  }

  private static void sendUntilRefused(
      String baseUrl, int eventsPerRequest, Set<String> accepted, AtomicInteger unanswered) {
    UUID session = UUID.randomUUID();
    LocalApi api = new LocalApi(baseUrl, APPLICATION);
    for (int i = 0; i < 100_000; i++) {
      List<String> events = new ArrayList<>();
      for (int e = 0; e < eventsPerRequest; e++) {
        events.add(LocalApiClient.pageview(session, "/" + i + "/" + e));
      }
      try {
        HttpResponse<String> response =
            api.post(
                eventsPerRequest == 1 ? events.getFirst() : "[" + String.join(",", events) + "]");
        if (response.statusCode() == 202) {
          JsonNode body = LocalApi.json(response.body());
          if (body.isArray()) {
            body.forEach(event -> accepted.add(event.get("id").asText()));
          } else {
            accepted.add(body.get("id").asText());
          }
        }
      } catch (Exception e) {
        unanswered.incrementAndGet(); // the runner is gone
        return;
      }
    }
  }
}

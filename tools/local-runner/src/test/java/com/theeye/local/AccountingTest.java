package com.theeye.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.theeye.event.EventTimestamps;
import com.theeye.operator.ReconcileCli;
import com.theeye.testsupport.Eventually;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The accounting on {@code make run}: every event answered 202 counted with its outcome in the
 * minute it was received, read back by {@code GET /api/v1/stats/} and {@code make reconcile}, kept
 * across a restart.
 */
class AccountingTest {

  private static final Duration SETTLED_WITHIN = Duration.ofSeconds(60);
  private static final String APPLICATION = LocalSettings.SEED_APPLICATION.toString();

  @TempDir Path data;

  @Test
  void countsEveryAcceptedEventWithItsOutcomeAndTheMinuteReconciles() {
    Instant from = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    try (LocalEye eye = LocalEyeRestartTest.start(data)) {
      LocalApi api = new LocalApi(eye, APPLICATION);
      UUID session = UUID.randomUUID();
      List<String> bodies = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        bodies.add(LocalApiClient.pageview(session, "/counted/" + i));
      }
      bodies.forEach(body -> assertEquals(202, api.post(body).statusCode()));
      // A client's retry of the first (a new accept, a duplicate) and an event of no known type.
      assertEquals(202, api.post(bodies.getFirst()).statusCode());
      HttpResponse<String> unknown =
          api.post(
              "{\"session_id\": \""
                  + session
                  + "\", \"category\": \"page interaction\", \"name\": \"no such event\","
                  + " \"data\": {}, \"timestamp\": \"2026-01-01T00:00:00Z\"}");
      assertEquals(202, unknown.statusCode(), unknown::body);

      JsonNode totals = awaitReconciled(api, from);

      assertEquals(7, totals.path("accepted").asLong(), totals::toString);
      assertEquals(5, totals.path("stored").asLong(), totals::toString);
      assertEquals(1, totals.path("duplicate").asLong(), totals::toString);
      assertEquals(1, totals.path("invalid").asLong(), totals::toString);
      assertEquals(0, totals.path("queued").asLong(), totals::toString);
    }
    try (LocalEye eye = LocalEyeRestartTest.start(data)) {
      JsonNode again = totals(new LocalApi(eye, APPLICATION), from);
      assertEquals(7, again.path("accepted").asLong(), "kept across a restart: " + again);
      assertEquals(5, again.path("stored").asLong(), again::toString);

      ByteArrayOutputStream out = new ByteArrayOutputStream();
      int exit =
          ReconcileCli.run(
              List.of(
                  "--from",
                  from.toString(),
                  "--to",
                  Instant.now().plusSeconds(60).toString(),
                  "--application",
                  APPLICATION),
              Map.of("EYE_DATA_DIR", data.toString()),
              new PrintStream(out, true, StandardCharsets.UTF_8),
              System.err);
      String printed = out.toString(StandardCharsets.UTF_8);
      assertEquals(0, exit, printed);
      assertTrue(printed.contains(" 0 do not"), printed);
    }
  }

  @Test
  void makeReconcileExitsOneOnASettledMinuteWhoseAcceptedEventHasNoOutcome() throws Exception {
    // An accept the ledger kept whose event never got an outcome, an hour ago: lost.
    Instant lost = Instant.now().minusSeconds(3600).truncatedTo(ChronoUnit.MINUTES);
    Path ledger = data.resolve(AccountingLedger.FILE);
    Files.createDirectories(ledger.getParent());
    Files.writeString(
        ledger,
        "{\"id\":\"lost-event\",\"application\":\""
            + APPLICATION
            + "\",\"received_at\":\""
            + lost.plusSeconds(5)
            + "\",\"count\":\"ACCEPTED\"}\n");
    try (LocalEye eye = LocalEyeRestartTest.start(data)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();

      int exit =
          ReconcileCli.run(
              List.of("--from", lost.minusSeconds(60).toString(), "--to", Instant.now().toString()),
              Map.of("EYE_DATA_DIR", data.toString()),
              new PrintStream(out, true, StandardCharsets.UTF_8),
              System.err);

      String printed = out.toString(StandardCharsets.UTF_8);
      assertEquals(1, exit, printed);
      assertTrue(
          printed.contains(APPLICATION + " " + EventTimestamps.format(lost) + " accepted=1"),
          printed);
      assertTrue(printed.contains("queued=1 UNRECONCILED"), printed);
    }
  }

  @Test
  void refusesAWindowOfMoreThan31DaysAndAMissingApplication() {
    try (LocalEye eye = LocalEyeRestartTest.start(data)) {
      LocalApi api = new LocalApi(eye, APPLICATION);

      HttpResponse<String> wide =
          api.get(
              "/api/v1/stats/",
              Map.of(
                  "application",
                  APPLICATION,
                  "from",
                  "2026-01-01T00:00:00Z",
                  "to",
                  "2026-02-01T00:00:01Z"));
      HttpResponse<String> anonymous =
          api.get(
              "/api/v1/stats/",
              Map.of("from", "2026-01-01T00:00:00Z", "to", "2026-01-02T00:00:00Z"));

      assertEquals(400, wide.statusCode(), wide::body);
      assertTrue(wide.body().contains("31 days"), wide::body);
      assertEquals(400, anonymous.statusCode(), anonymous::body);
      assertTrue(anonymous.body().contains("application"), anonymous::body);
    }
  }

  /** The stats' rows from {@code from} added up, once every row reconciles. */
  static JsonNode awaitReconciled(LocalApi api, Instant from) {
    return Eventually.await(
        SETTLED_WITHIN,
        () -> totals(api, from),
        totals -> totals.path("all_reconciled").asBoolean(),
        "every minute reconciled");
  }

  /** The stats' rows from {@code from} to now added up; {@code all_reconciled} when all are. */
  static JsonNode totals(LocalApi api, Instant from) {
    JsonNode page =
        api.page(
            "/api/v1/stats/",
            Map.of(
                "application",
                APPLICATION,
                "from",
                from.toString(),
                "to",
                Instant.now().plusSeconds(60).toString()));
    var totals = com.theeye.event.ExactJson.MAPPER.createObjectNode();
    boolean all = true;
    for (String field :
        List.of(
            "accepted",
            "stored",
            "invalid",
            "duplicate",
            "suppressed",
            "dead_lettered",
            "queued")) {
      long sum = 0;
      for (JsonNode row : page.path("results")) {
        sum += row.path(field).asLong();
      }
      totals.put(field, sum);
    }
    for (JsonNode row : page.path("results")) {
      all &= row.path("reconciled").asBoolean(false);
    }
    totals.put("all_reconciled", all && !page.path("results").isEmpty());
    totals.set("rows", page.path("results"));
    return totals;
  }
}

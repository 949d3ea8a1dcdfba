package com.theeye.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.theeye.accounting.AccountingMetric;
import com.theeye.accounting.MinuteTally;
import com.theeye.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

/**
 * The accounting read back from CloudWatch as the query function reads it ({@link
 * CloudWatchAccounting}, GetMetricData and ListMetrics), and answered by {@code GET
 * /api/v1/stats/}: the metrics are put as the ingest's and processor's embedded-metric-format lines
 * make them, one point per line, timestamped with the minute of arrival.
 */
class CloudWatchAccountingTest {

  private static final String NAMESPACE = "TheEye/test";
  private static final Instant MINUTE = Instant.parse("2026-12-01T12:00:00Z");

  private final UUID application = UUID.randomUUID();
  private CloudWatchFake cloudWatch;
  private CloudWatchClient client;

  @BeforeEach
  void start() throws Exception {
    cloudWatch = new CloudWatchFake();
    client = cloudWatch.client();
  }

  @AfterEach
  void stop() {
    client.close();
    cloudWatch.close();
  }

  @Test
  void addsUpEachMinutesCountsAndTheInvalidEventsReasons() {
    put("EventsAccepted", null, MINUTE, 5);
    put("EventsAccepted", null, MINUTE.plusSeconds(30), 2);
    put("EventsStored", null, MINUTE, 5);
    put("EventsInvalid", null, MINUTE, 2);
    put("EventsInvalid", "schema violation", MINUTE, 2);
    put("EventsAccepted", null, MINUTE.plusSeconds(120), 1);
    cloudWatch.put(
        new CloudWatchFake.Point(
            NAMESPACE,
            "EventsAccepted",
            Map.of("Application", UUID.randomUUID().toString()),
            MINUTE,
            9));

    List<MinuteTally> tallies =
        new CloudWatchAccounting(client, NAMESPACE)
            .read(application, MINUTE.minusSeconds(600), MINUTE.plusSeconds(600));

    assertEquals(2, tallies.size(), tallies::toString);
    MinuteTally first = tallies.getFirst();
    assertEquals(MINUTE, first.minute());
    assertEquals(7, first.count(AccountingMetric.ACCEPTED));
    assertEquals(5, first.count(AccountingMetric.STORED));
    assertEquals(2, first.count(AccountingMetric.INVALID));
    assertEquals(Map.of("schema violation", 2L), first.byReason(AccountingMetric.INVALID));
    assertEquals(1, tallies.get(1).count(AccountingMetric.ACCEPTED));
    assertTrue(
        cloudWatch.operations().contains("GetMetricData"), cloudWatch.operations()::toString);
  }

  @Test
  void answersAReconciledASettledUnreconciledAndAnInFlightMinute() {
    put("EventsAccepted", null, MINUTE, 3);
    put("EventsStored", null, MINUTE, 2);
    put("EventsDuplicate", null, MINUTE, 1);
    put("EventsAccepted", null, MINUTE.plusSeconds(60), 4);
    put("EventsStored", null, MINUTE.plusSeconds(60), 3);
    put("EventsAccepted", null, MINUTE.plusSeconds(1800), 2);
    // 31 minutes after the second minute ended, 1 after the third: settle after 30.
    Clock clock = Clock.fixed(MINUTE.plusSeconds(1860 + 60), ZoneOffset.UTC);
    StatsService stats =
        new StatsService(
            new CloudWatchAccounting(client, NAMESPACE),
            Duration.ofDays(31),
            Duration.ofMinutes(30),
            clock);

    JsonNode body =
        json(
            stats.handle(
                get(
                    Map.of(
                        "application",
                        application.toString(),
                        "from",
                        "2026-12-01T12:00:00Z",
                        "to",
                        "2026-12-01T13:00:00Z"))));

    JsonNode rows = body.path("results");
    assertEquals(3, rows.size(), body::toString);
    assertTrue(rows.get(0).path("reconciled").asBoolean(), rows.get(0)::toString);
    assertEquals(false, rows.get(1).path("reconciled").asBoolean(true), rows.get(1)::toString);
    assertEquals(1, rows.get(1).path("queued").asLong());
    assertTrue(rows.get(2).path("reconciled").isNull(), rows.get(2)::toString);
    assertEquals(2, rows.get(2).path("queued").asLong());
  }

  @Test
  void readsBackSuppressedEventsAsAnOutcomeThatReconciles() {
    put("EventsAccepted", null, MINUTE, 4);
    put("EventsStored", null, MINUTE, 1);
    put("EventsSuppressed", null, MINUTE, 3);
    StatsService stats =
        new StatsService(
            new CloudWatchAccounting(client, NAMESPACE),
            Duration.ofDays(31),
            Duration.ofMinutes(30),
            Clock.fixed(MINUTE.plusSeconds(3600), ZoneOffset.UTC));

    JsonNode row =
        json(stats.handle(
                get(
                    Map.of(
                        "application",
                        application.toString(),
                        "from",
                        "2026-12-01T12:00:00Z",
                        "to",
                        "2026-12-01T13:00:00Z"))))
            .path("results")
            .get(0);

    assertEquals(3, row.path("suppressed").asLong(), row::toString);
    assertEquals(0, row.path("queued").asLong());
    assertTrue(row.path("reconciled").asBoolean(), row::toString);
  }

  @Test
  void refusesAWindowOfMoreThan31Days() {
    StatsService stats =
        new StatsService(
            new CloudWatchAccounting(client, NAMESPACE),
            Duration.ofDays(31),
            Duration.ofMinutes(30),
            Clock.systemUTC());

    QueryOutcome outcome =
        stats.handle(
            get(
                Map.of(
                    "application",
                    application.toString(),
                    "from",
                    "2026-01-01T00:00:00Z",
                    "to",
                    "2026-02-01T00:00:01Z")));

    assertEquals(400, outcome.response().status());
    assertEquals(List.of(), cloudWatch.operations(), "nothing read");
  }

  private void put(String metric, String reason, Instant at, double value) {
    Map<String, String> dimensions = new LinkedHashMap<>();
    dimensions.put("Application", application.toString());
    if (reason != null) {
      dimensions.put("Reason", reason);
    }
    cloudWatch.put(new CloudWatchFake.Point(NAMESPACE, metric, dimensions, at, value));
  }

  private static HttpRequest get(Map<String, String> query) {
    return new HttpRequest("GET", "/api/v1/stats/", Map.of(), query, new byte[0]);
  }

  private static JsonNode json(QueryOutcome outcome) {
    assertEquals(200, outcome.response().status(), () -> outcome.response().body().toString());
    return outcome.response().body();
  }
}

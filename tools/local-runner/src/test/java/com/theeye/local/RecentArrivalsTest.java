package com.theeye.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.theeye.testsupport.Eventually;
import com.theeye.testsupport.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/v1/recent/} on the local runner, over HTTP: what a client app's test reads to
 * assert "these events arrived and were valid" without sleeping. Arrivals after a cursor with their
 * outcomes, the long poll answering when an event comes, the filters, and the refusals.
 */
class RecentArrivalsTest {

  private static final String RECENT = "/api/v1/recent/";
  private static final String APPLICATION = LocalSettings.SEED_APPLICATION.toString();
  private static final Duration DECIDED_WITHIN = Duration.ofSeconds(30);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir static Path data;
  private static LocalEye eye;
  private static LocalApi api;

  @BeforeAll
  static void start() {
    eye = LocalEye.start(TestRunners.settings(data), Fixtures.repoRoot());
    api = new LocalApi(eye, APPLICATION);
  }

  @AfterAll
  static void stop() {
    if (eye != null) {
      eye.close();
    }
  }

  @Test
  void anEventPostedAfterTheCursorArrivesQueuedThenStored() {
    String cursor = now();
    UUID session = UUID.randomUUID();
    String id = accept(click(session, "{\"host\":\"a\",\"path\":\"/\",\"element\":\"buy\"}"));

    List<JsonNode> arrivals = followUntilDecided(cursor, Map.of("session_id", session.toString()));

    assertEquals(List.of("queued", "stored"), outcomes(arrivals));
    JsonNode stored = arrivals.getLast();
    assertEquals(id, stored.path("id").asText());
    assertEquals("page interaction", stored.path("category").asText());
    assertEquals("cta click", stored.path("name").asText());
    assertEquals(APPLICATION, stored.path("application").asText());
    assertEquals("buy", stored.path("event").path("data").path("element").asText());
    assertEquals("1-0-0", stored.path("schema_version").asText());
  }

  @Test
  void anInvalidEventSaysWhichFieldFailedInPlainWords() {
    String cursor = now();
    UUID session = UUID.randomUUID();
    accept(click(session, "{\"host\":\"a\",\"path\":\"/\"}"));

    JsonNode invalid =
        followUntilDecided(cursor, Map.of("session_id", session.toString())).getLast();

    assertEquals("invalid", invalid.path("outcome").asText());
    assertEquals("data.element: required", invalid.path("errors").path(0).path("text").asText());
    assertEquals("data.element", invalid.path("errors").path(0).path("field").asText());
    assertEquals("schema violation", invalid.path("reason").asText());
  }

  @Test
  void theSameEventSentAgainIsADuplicate() {
    String cursor = now();
    UUID session = UUID.randomUUID();
    String body = click(session, "{\"host\":\"a\",\"path\":\"/\",\"element\":\"again\"}");
    String id = accept(body);
    followUntilDecided(cursor, Map.of("session_id", session.toString()));

    assertEquals(id, accept(body), "a retry names the same event");
    List<JsonNode> arrivals =
        followUntil(
            cursor,
            Map.of("session_id", session.toString(), "outcome", "stored,duplicate"),
            list -> outcomes(list).contains("duplicate"));

    assertEquals(List.of("stored", "duplicate"), outcomes(arrivals));
    assertEquals(id, arrivals.getLast().path("id").asText());
    assertEquals("again", arrivals.getLast().path("event").path("data").path("element").asText());
  }

  @Test
  void aLongPollAnswersWhenAnEventArrives() {
    String cursor = now();
    UUID session = UUID.randomUUID();
    // No wait parameter: up to 20 s. Sent before the event is posted, it answers with it, however
    // the two race: at once if the event came first, as soon as it comes otherwise.
    CompletableFuture<JsonNode> waiting =
        CompletableFuture.supplyAsync(
            () -> recent(Map.of("since", cursor, "session_id", session.toString())));
    accept(click(session, "{\"host\":\"a\",\"path\":\"/\",\"element\":\"x\"}"));

    JsonNode answer = waiting.join();
    assertFalse(answer.path("results").isEmpty(), answer.toString());
    assertEquals(session.toString(), answer.path("results").path(0).path("session_id").asText());
  }

  @Test
  void nothingNewAnswersEmptyAfterTheWaitWithACursorToGoOnFrom() {
    JsonNode answer =
        recent(Map.of("since", now(), "session_id", UUID.randomUUID().toString(), "wait", "1"));

    assertTrue(answer.path("results").isEmpty());
    assertTrue(answer.path("next").isTextual());
    assertEquals(
        List.of("queued", "stored", "invalid", "duplicate"),
        iterate(answer.path("outcomes")).stream().map(JsonNode::asText).toList());
  }

  @Test
  void filtersKeepOnlyWhatMatches() {
    String cursor = now();
    UUID session = UUID.randomUUID();
    accept(click(session, "{\"host\":\"a\",\"path\":\"/\",\"element\":\"ok\"}"));
    accept(click(session, "{\"host\":\"a\",\"path\":\"/\"}"));
    accept(
        event(
            session, "form interaction", "submit", "{\"host\":\"a\",\"path\":\"/\",\"form\":{}}"));

    List<JsonNode> invalid =
        followUntil(
            cursor,
            Map.of("session_id", session.toString(), "outcome", "invalid"),
            arrivals -> arrivals.size() == 1);
    List<JsonNode> submits =
        followUntil(
            cursor,
            Map.of(
                "session_id", session.toString(),
                "category", "form interaction",
                "name", "submit",
                "outcome", "stored"),
            arrivals -> arrivals.size() == 1);

    assertEquals("invalid", invalid.getFirst().path("outcome").asText());
    assertEquals("cta click", invalid.getFirst().path("name").asText());
    assertEquals("submit", submits.getFirst().path("name").asText());
    // Nothing else came after: the same filters, read to the end, find only these.
    assertEquals(
        1, readAll(cursor, Map.of("session_id", session.toString(), "outcome", "invalid")).size());
  }

  @Test
  void aTamperedCursorIsRefused() {
    String cursor = now();
    String tampered =
        cursor.substring(0, cursor.length() - 2) + (cursor.endsWith("A") ? "BB" : "AA");

    HttpResponse<String> response = get(Map.of("since", tampered, "wait", "0"));

    assertEquals(400, response.statusCode());
    assertTrue(LocalApi.json(response.body()).path("since").isArray(), response.body());
  }

  @Test
  void anUnknownApplicationIsNamedAsSuch() {
    HttpResponse<String> response =
        get(Map.of("application", UUID.randomUUID().toString(), "wait", "0"));

    assertEquals(400, response.statusCode());
    assertEquals(
        "No application has this id.",
        LocalApi.json(response.body()).path("application").path(0).asText());
  }

  @Test
  void aKnownApplicationIsNamedInTheAnswer() {
    JsonNode answer = recent(Map.of("application", APPLICATION, "wait", "0"));

    assertEquals(APPLICATION, answer.path("application").path("id").asText());
  }

  @Test
  void badParametersAreNamed() {
    HttpResponse<String> response = get(Map.of("outcome", "lost", "wait", "99"));

    assertEquals(400, response.statusCode());
    JsonNode errors = LocalApi.json(response.body());
    assertTrue(errors.has("outcome"), response.body());
    assertTrue(errors.has("wait"), response.body());
  }

  /** A cursor at this moment: nothing received before it is read after it. */
  private static String now() {
    return recent(Map.of("wait", "0")).path("next").asText();
  }

  /** Follows {@code next} until the last arrival has an outcome other than queued. */
  private static List<JsonNode> followUntilDecided(String cursor, Map<String, String> filters) {
    return followUntil(
        cursor,
        filters,
        arrivals -> !arrivals.isEmpty() && !outcomes(arrivals).getLast().equals("queued"));
  }

  private static List<JsonNode> followUntil(
      String cursor, Map<String, String> filters, Predicate<List<JsonNode>> done) {
    List<JsonNode> arrivals = new ArrayList<>();
    String[] next = {cursor};
    return Eventually.await(
        DECIDED_WITHIN,
        () -> {
          Map<String, String> parameters = new LinkedHashMap<>(filters);
          parameters.put("since", next[0]);
          parameters.put("wait", "2");
          JsonNode page = recent(parameters);
          page.path("results").forEach(arrivals::add);
          next[0] = page.path("next").asText();
          return arrivals;
        },
        done,
        "arrivals after the cursor matching " + filters);
  }

  /** Every arrival after {@code cursor} matching {@code filters} recorded so far. */
  private static List<JsonNode> readAll(String cursor, Map<String, String> filters) {
    List<JsonNode> arrivals = new ArrayList<>();
    String next = cursor;
    while (true) {
      Map<String, String> parameters = new LinkedHashMap<>(filters);
      parameters.put("since", next);
      parameters.put("wait", "0");
      JsonNode page = recent(parameters);
      page.path("results").forEach(arrivals::add);
      next = page.path("next").asText();
      if (page.path("results").isEmpty() && !page.path("more").asBoolean()) {
        return arrivals;
      }
    }
  }

  private static List<String> outcomes(List<JsonNode> arrivals) {
    return arrivals.stream().map(a -> a.path("outcome").asText()).toList();
  }

  private static List<JsonNode> iterate(JsonNode array) {
    List<JsonNode> list = new ArrayList<>();
    array.forEach(list::add);
    return list;
  }

  private static String click(UUID session, String data) {
    return event(session, "page interaction", "cta click", data);
  }

  private static String event(UUID session, String category, String name, String data) {
    return "{\"session_id\":\""
        + session
        + "\",\"category\":\""
        + category
        + "\",\"name\":\""
        + name
        + "\",\"data\":"
        + data
        + ",\"timestamp\":\"2021-01-01 09:15:27.243860\"}";
  }

  /** Posts one event; returns its id. */
  private static String accept(String body) {
    HttpResponse<String> response = api.post(body);
    assertEquals(202, response.statusCode(), response.body());
    return LocalApi.json(response.body()).path("id").asText();
  }

  private static JsonNode recent(Map<String, String> parameters) {
    HttpResponse<String> response = get(parameters);
    assertEquals(200, response.statusCode(), () -> parameters + ": " + response.body());
    return LocalApi.json(response.body());
  }

  private static HttpResponse<String> get(Map<String, String> parameters) {
    String query =
        parameters.entrySet().stream()
            .map(
                p ->
                    URLEncoder.encode(p.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8)
                            .replace("+", "%20"))
            .collect(Collectors.joining("&"));
    try {
      return HTTP.send(
          HttpRequest.newBuilder(URI.create(eye.baseUrl() + RECENT + "?" + query))
              .timeout(Duration.ofSeconds(40))
              .GET()
              .build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

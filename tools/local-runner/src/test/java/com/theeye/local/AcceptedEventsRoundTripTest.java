package com.theeye.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.theeye.event.EventCodec;
import com.theeye.event.EventTimestamps;
import com.theeye.testsupport.Eventually;
import com.theeye.testsupport.Fixtures;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A property of the whole path: for any valid event ({@link ValidEvents}: every registered type in
 * several spellings, Unicode text, nesting to the deepest level, numbers DynamoDB holds and numbers
 * it cannot, any session spelling and timestamp format), the ingest normalizes the envelope as
 * documented, and the session, category, category and name, and time range queries each give the
 * event back once, unchanged. {@value #CASES} cases through one local runner, over HTTP: all are
 * posted, then every query is read. Seeded: a failure names its case and event, and {@code
 * -Deye.roundtrip.seed=<seed>} runs the same cases again.
 */
class AcceptedEventsRoundTripTest {

  private static final int CASES = 200;
  private static final long SEED = Long.getLong("eye.roundtrip.seed", 14L);
  private static final String APPLICATION = LocalSettings.SEED_APPLICATION.toString();
  private static final Duration STORED_WITHIN = Duration.ofSeconds(60);

  /** Every generated timestamp, as a query range. */
  private static final Map<String, String> WINDOW =
      Map.of(
          "from",
          EventTimestamps.format(ValidEvents.EARLIEST),
          "to",
          EventTimestamps.format(ValidEvents.EARLIEST.plus(Duration.ofDays(31))));

  @TempDir static Path data;
  private static LocalEye eye;
  private static LocalApi api;
  private static ValidEvents events;

  /** One case: what was posted, and the 202's echo of it. */
  private record Case(int index, ValidEvents.Generated event, String body, JsonNode accepted) {

    String id() {
      return accepted.get("id").asText();
    }

    String describe() {
      return "case " + index + " of seed " + SEED + ": " + body;
    }
  }

  @BeforeAll
  static void start() {
    events = ValidEvents.fromSchemas(Fixtures.repoRoot().resolve("schemas"));
    // The template's defaults: unknown types are refused, so every generated type is a registered
    // one and its schema judges the data.
    eye =
        LocalEye.start(
            new LocalSettings(
                "127.0.0.1",
                0,
                data,
                Optional.of(LocalSettings.SEED_APPLICATION),
                new LocalSettings.QueueSettings(Duration.ofSeconds(5), 3, 10),
                Duration.ofSeconds(20)),
            Fixtures.repoRoot());
    api = new LocalApi(eye, APPLICATION);
  }

  @AfterAll
  static void stop() {
    if (eye != null) {
      eye.close();
    }
  }

  @Test
  void everyValidEventComesBackOnceAndUnchangedFromEveryQuery() {
    Random random = new Random(SEED);
    List<ValidEvents.Generated> generated = new ArrayList<>();
    for (int i = 0; i < CASES; i++) {
      generated.add(events.next(random));
    }
    // Posted and read back a few at a time, as clients do: the same cases, in a fraction of the
    // time one request at a time took.
    List<Case> cases = inParallel(generated.size(), i -> post(i, generated.get(i)));
    assertReaches(cases, "the deepest level", data -> depth(data) == ValidEvents.MAX_DEPTH);
    assertReaches(cases, "an empty member name", AcceptedEventsRoundTripTest::hasEmptyName);
    assertReaches(
        cases, "a number DynamoDB cannot hold", AcceptedEventsRoundTripTest::pastDynamoDb);
    assertReaches(
        cases,
        "an astral character",
        data -> EventCodec.write(data).codePoints().anyMatch(Character::isSupplementaryCodePoint));
    assertReaches(
        cases,
        "data DynamoDB holds as a map",
        data -> depth(data) < ValidEvents.MAX_DEPTH && !hasEmptyName(data) && !pastDynamoDb(data));
    for (ValidEvents.EventType type : events.types()) {
      assertTrue(
          cases.stream().anyMatch(c -> c.event().type().equals(type)),
          "the generator reaches " + type.file());
    }

    inParallel(
        cases.size(),
        i -> {
          Case c = cases.get(i);
          JsonNode bySession =
              Eventually.await(
                  STORED_WITHIN,
                  () ->
                      api.page(
                              LocalApi.EVENTS, Map.of("session_id", c.event().session().toString()))
                          .path("results"),
                  results -> !results.isEmpty(),
                  c.describe() + " stored");
          assertEquals(1, bySession.size(), c::describe);
          assertServed(c, bySession.get(0), "session");
          return c;
        });
    assertEachServedOnce(cases, "time range", c -> WINDOW);
    assertEachServedOnce(cases, "category", c -> with(WINDOW, "category", c.event().category()));
    assertEachServedOnce(
        cases,
        "category and name",
        c -> with(with(WINDOW, "category", c.event().category()), "name", c.event().name()));
  }

  /** {@code task} for 0 to {@code count - 1}, four at a time; the results in order. */
  private static <T> List<T> inParallel(int count, IntFunction<T> task) {
    try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int index = i;
        futures.add(pool.submit(() -> task.apply(index)));
      }
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        try {
          results.add(future.get());
        } catch (ExecutionException e) {
          if (e.getCause() instanceof AssertionError failed) {
            throw failed;
          }
          throw new AssertionError(e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(e);
        }
      }
      return results;
    }
  }

  /** Posts the event and checks the 202: the envelope normalized, the data as sent. */
  private static Case post(int index, ValidEvents.Generated event) {
    String body = EventCodec.write(event.posted());
    HttpResponse<String> response = api.post(body);
    assertEquals(
        202,
        response.statusCode(),
        () -> new Case(index, event, body, null).describe() + " answered " + response.body());
    Case c = new Case(index, event, body, LocalApi.json(response.body()));
    assertEquals(event.session().toString(), c.accepted().get("session_id").asText(), c::describe);
    assertEquals(event.category(), c.accepted().get("category").asText(), c::describe);
    assertEquals(event.name(), c.accepted().get("name").asText(), c::describe);
    assertEquals(
        EventTimestamps.format(event.timestamp()),
        c.accepted().get("timestamp").asText(),
        c::describe);
    assertSameData(c, c.accepted(), "the 202");
    return c;
  }

  /**
   * Each distinct query of {@code queryOf} answers exactly the cases that map to it, each once and
   * unchanged.
   */
  private static void assertEachServedOnce(
      List<Case> cases, String kind, Function<Case, Map<String, String>> queryOf) {
    Map<Map<String, String>, List<Case>> byQuery = new LinkedHashMap<>();
    cases.forEach(c -> byQuery.computeIfAbsent(queryOf.apply(c), q -> new ArrayList<>()).add(c));
    byQuery.forEach(
        (query, expected) -> {
          Map<String, JsonNode> served = new HashMap<>();
          List<String> ids = new ArrayList<>();
          for (JsonNode result : api.all(LocalApi.EVENTS, query)) {
            ids.add(result.get("id").asText());
            served.put(result.get("id").asText(), result);
          }
          Set<String> expectedIds = new LinkedHashSet<>();
          expected.forEach(c -> expectedIds.add(c.id()));
          assertEquals(ids.size(), served.size(), kind + " " + query + ": an event twice");
          assertEquals(expectedIds, Set.copyOf(ids), kind + " " + query);
          for (Case c : expected) {
            assertServed(c, served.get(c.id()), kind);
          }
        });
  }

  private static void assertServed(Case c, JsonNode result, String query) {
    for (String field : List.of("id", "session_id", "category", "name", "timestamp")) {
      assertEquals(c.accepted().get(field), result.get(field), () -> query + ": " + c.describe());
    }
    assertEquals(APPLICATION, result.get("application").asText(), c::describe);
    assertTrue(result.get("received_at").isTextual(), c::describe);
    assertSameData(c, result, query);
  }

  private static void assertSameData(Case c, JsonNode served, String query) {
    Optional<String> difference =
        JsonValues.difference(c.event().posted().get("data"), served.get("data"));
    assertEquals(Optional.empty(), difference, () -> query + ": " + c.describe());
  }

  /** Some generated data has {@code what}: else the property would not cover it. */
  private static void assertReaches(
      List<Case> cases, String what, java.util.function.Predicate<JsonNode> has) {
    long count = cases.stream().filter(c -> has.test(c.event().posted().get("data"))).count();
    assertTrue(count > 0, "the generator reaches " + what);
  }

  /** Levels of objects and arrays, {@code data} itself being level 1. */
  private static int depth(JsonNode node) {
    int deepest = 0;
    for (JsonNode member : node) {
      deepest = Math.max(deepest, depth(member));
    }
    return node.isContainerNode() ? deepest + 1 : 0;
  }

  private static boolean hasEmptyName(JsonNode node) {
    for (var member : node.properties()) {
      if (member.getKey().isEmpty() || hasEmptyName(member.getValue())) {
        return true;
      }
    }
    for (JsonNode element : node.isArray() ? node : List.<JsonNode>of()) {
      if (hasEmptyName(element)) {
        return true;
      }
    }
    return false;
  }

  /** A number past 38 significant digits or outside 1E-130 to 9.9...E+125. */
  private static boolean pastDynamoDb(JsonNode node) {
    if (node.isNumber()) {
      java.math.BigDecimal number = node.decimalValue().stripTrailingZeros();
      int exponent = number.precision() - number.scale() - 1;
      return number.signum() != 0 && (number.precision() > 38 || exponent < -130 || exponent > 125);
    }
    for (JsonNode member : node) {
      if (pastDynamoDb(member)) {
        return true;
      }
    }
    return false;
  }

  private static Map<String, String> with(Map<String, String> map, String key, String value) {
    Map<String, String> copy = new LinkedHashMap<>(map);
    copy.put(key, value);
    return copy;
  }
}

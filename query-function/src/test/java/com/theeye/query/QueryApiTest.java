package com.theeye.query;

import static com.theeye.query.QueryFixture.ctaClick;
import static com.theeye.query.QueryFixture.formSubmit;
import static com.theeye.query.QueryFixture.pageview;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.theeye.event.ClientContext;
import com.theeye.event.Event;
import com.theeye.event.EventCodec;
import com.theeye.event.EventTimestamps;
import com.theeye.event.ExactJson;
import com.theeye.signing.CursorKeys;
import com.theeye.store.EventItems;
import com.theeye.store.StoredEvent;
import com.theeye.store.TableLayout;
import com.theeye.testsupport.AwsEmulators;
import com.theeye.testsupport.AwsTestEnvironment;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The query API end to end on the emulators: events stored by the real processor over {@value
 * QueryFixture#SHARDS} index shards, read back through the real handler.
 */
@ExtendWith(AwsEmulators.class)
class QueryApiTest {

  private static final UUID APP = UUID.randomUUID();
  private static final Instant T0 = Instant.parse("2026-02-20T08:00:00Z");
  private static final String EVENTS = "/api/v1/events/";
  private static final String INVALID = "/api/v1/invalid-events/";

  private final AwsTestEnvironment aws;
  private final QueryFixture eye;

  QueryApiTest(AwsTestEnvironment aws) {
    this.aws = aws;
    this.eye = new QueryFixture(aws);
  }

  @AfterEach
  void close() {
    eye.close();
  }

  @Test
  void sessionEventsComeBackInTheOrderTheyHappenedWhateverOrderTheyArrived() {
    UUID session = UUID.randomUUID();
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      events.add(pageview(APP, session, "/step/" + i, T0.plusSeconds(i * 7L)));
    }
    List<Event> arrival = new ArrayList<>(events);
    Collections.shuffle(arrival, new Random(6));
    eye.store(arrival.subList(0, 6));
    eye.store(arrival.subList(6, 12));
    eye.store(List.of(pageview(APP, UUID.randomUUID(), "/other-session", T0)));

    QueryFixture.Answer answer = eye.get(Map.of("session_id", session.toString()));

    assertEquals(200, answer.status(), answer.body()::toString);
    assertEquals(ids(events), ids(answer.body().path("results")));
    assertTrue(answer.body().path("next").isNull());
    JsonNode first = answer.body().path("results").get(0);
    assertEquals(
        ExactJson.MAPPER
            .createObjectNode()
            .put("id", events.getFirst().id())
            .put("application", APP.toString())
            .put("session_id", session.toString())
            .put("category", "page interaction")
            .put("name", "pageview")
            .<com.fasterxml.jackson.databind.node.ObjectNode>set("data", events.getFirst().data())
            .put("timestamp", "2026-02-20T08:00:00.000000Z")
            .put("received_at", "2026-03-01T12:00:00.000000Z")
            .<com.fasterxml.jackson.databind.node.ObjectNode>set(
                "context", ExactJson.MAPPER.createObjectNode())
            // A native event without identity: every identity and Segment field null.
            .putNull("user_id")
            .putNull("anonymous_id")
            .putNull("message_id")
            .putNull("sent_at")
            .putNull("original_timestamp")
            .putNull("segment")
            .put("unplanned", false),
        first);
  }

  @Test
  void eachEventComesBackWithItsSendersContextOutsideData() {
    UUID session = UUID.randomUUID();
    Event event =
        pageview(APP, session, "/", T0)
            .withContext(
                new ClientContext(
                    java.util.Optional.of("Mozilla/5.0 (X11; Linux x86_64)"),
                    java.util.Optional.of("203.0.113.77")));
    eye.store(List.of(event));

    JsonNode result =
        eye.get(Map.of("session_id", session.toString())).body().path("results").get(0);

    assertEquals(
        ExactJson.MAPPER
            .createObjectNode()
            .put("user_agent", "Mozilla/5.0 (X11; Linux x86_64)")
            .put("ip", "203.0.113.0"),
        result.get("context"));
    assertEquals(event.data(), result.get("data"));
    assertEquals(event.id(), result.get("id").asText());
  }

  @Test
  void snapStartPrimingAnswersReadOnlyQueriesAndLeavesTheHandlerServing() {
    UUID session = UUID.randomUUID();
    eye.store(List.of(pageview(APP, session, "/", T0)));

    eye.handler().beforeCheckpoint(null);

    QueryFixture.Answer answer = eye.get(Map.of("session_id", session.toString()));
    assertEquals(200, answer.status(), answer.body()::toString);
    assertEquals(1, answer.body().path("results").size());
  }

  @Test
  void theRequestLineCarriesTheInvocationsRequestIdAndOnlyTheFirstIsTheColdStart() {
    QueryFixture.Answer first = eye.get(Map.of("session_id", UUID.randomUUID().toString()));
    QueryFixture.Answer refused = eye.get(Map.of("session_id", "not-a-uuid"));

    JsonNode firstLine = first.logLine();
    assertEquals("query request", firstLine.get("message").asText());
    assertEquals(first.requestId(), firstLine.get("function_request_id").asText());
    assertTrue(firstLine.get("cold_start").asBoolean(), firstLine::toString);
    JsonNode refusedLine = refused.logLine();
    assertEquals(400, refusedLine.get("status").asInt());
    assertEquals(refused.requestId(), refusedLine.get("function_request_id").asText());
    assertFalse(refusedLine.get("cold_start").asBoolean(), refusedLine::toString);
    assertNotEquals(first.requestId(), refused.requestId());
  }

  @Test
  void sessionIdIsReadInAnySpellingTheIngestAccepts() {
    UUID session = UUID.randomUUID();
    eye.store(List.of(pageview(APP, session, "/", T0)));

    QueryFixture.Answer answer =
        eye.get(Map.of("session_id", session.toString().replace("-", "").toUpperCase()));

    assertEquals(1, answer.body().path("results").size(), answer.body()::toString);
  }

  @Test
  void categoryQueryReadsEveryShardAndMergesInTimeOrderFromInclusiveToExclusive() {
    List<Event> stored = mixedTraffic(40);
    eye.store(stored);
    assertTrue(shardsUsed() > 1, "the events are spread over several shards");
    Instant from = T0.plusSeconds(60);
    Instant to = T0.plusSeconds(60 * 30);

    List<JsonNode> results =
        eye.all(
            EVENTS,
            Map.of(
                "category",
                "page interaction",
                "from",
                "2026-02-20 08:01:00",
                "to",
                EventTimestamps.format(to)),
            1000);

    assertEquals(
        expected(stored, e -> e.category().equals("page interaction"), from, to), ids(results));
    assertTrue(
        ids(results).contains(atExactly(stored, from, "page interaction")), "from is inclusive");
    assertTrue(
        !ids(results).contains(atExactly(stored, to, "page interaction")), "to is exclusive");
  }

  @Test
  void nameNarrowsACategoryQuery() {
    List<Event> stored = mixedTraffic(40);
    eye.store(stored);
    Instant from = T0;
    Instant to = T0.plus(Duration.ofHours(2));

    List<JsonNode> results =
        eye.all(
            EVENTS,
            Map.of(
                "category",
                "page interaction",
                "name",
                "cta click",
                "from",
                fmt(from),
                "to",
                fmt(to)),
            1000);

    assertEquals(expected(stored, e -> e.name().equals("cta click"), from, to), ids(results));
    assertTrue(results.size() > 3);
  }

  @Test
  void timeRangeQueryReadsEveryCategoryOverEveryShard() {
    List<Event> stored = mixedTraffic(40);
    eye.store(stored);
    Instant from = T0.plusSeconds(90);
    Instant to = T0.plusSeconds(60 * 25);

    List<JsonNode> results = eye.all(EVENTS, Map.of("from", fmt(from), "to", fmt(to)), 1000);

    assertEquals(expected(stored, e -> true, from, to), ids(results));
  }

  @Test
  void pagesAreTheSameResultsWhateverTheLimit() {
    List<Event> stored = mixedTraffic(30);
    eye.store(stored);
    UUID session = stored.getFirst().sessionId();
    String from = fmt(T0);
    String to = fmt(T0.plus(Duration.ofHours(1)));
    List<Map<String, String>> queries =
        List.of(
            Map.of("session_id", session.toString()),
            Map.of("category", "page interaction", "from", from, "to", to),
            Map.of("category", "page interaction", "name", "cta click", "from", from, "to", to),
            Map.of("from", from, "to", to));

    for (Map<String, String> query : queries) {
      List<String> whole = ids(eye.all(EVENTS, query, 1000));
      assertTrue(whole.size() > 2, query.toString());
      for (int limit : List.of(1, 2, 3, 7)) {
        assertEquals(whole, ids(eye.all(EVENTS, query, limit)), query + " limit " + limit);
      }
    }
  }

  @Test
  void invalidEventsShowWhyTheyWereKeptWithTheOriginalMessage() {
    UUID session = UUID.randomUUID();
    Event missingElement = ctaClick(APP, session, null, T0);
    Event future = pageview(APP, session, "/", Instant.parse("2999-01-01T00:00:00Z"));
    eye.store(List.of(missingElement, future, pageview(APP, session, "/valid", T0)));
    eye.store(List.of(ctaClick(UUID.randomUUID(), UUID.randomUUID(), null, T0)));

    QueryFixture.Answer answer =
        eye.get(
            INVALID,
            Map.of(
                "application", APP.toString(),
                "from", "2026-03-01T00:00:00Z",
                "to", "2026-03-02T00:00:00Z"));

    assertEquals(200, answer.status(), answer.body()::toString);
    JsonNode results = answer.body().path("results");
    assertEquals(2, results.size(), results::toString);
    Map<String, JsonNode> byId = new java.util.HashMap<>();
    results.forEach(r -> byId.put(r.path("id").asText(), r));
    JsonNode schema = byId.get(missingElement.id());
    assertEquals("schema violation", schema.path("reason").asText());
    assertEquals("data.element", schema.path("errors").get(0).path("field").asText());
    assertEquals(APP.toString(), schema.path("application").asText());
    assertEquals("2026-03-01T12:00:00.000000Z", schema.path("received_at").asText());
    assertEquals(missingElement.id(), schema.path("event").path("id").asText());
    assertEquals(missingElement.data(), schema.path("event").path("data"));
    assertEquals("1-0-0", schema.path("schema_version").asText());
    assertTrue(schema.path("replay").isNull(), schema::toString);
    JsonNode late = byId.get(future.id());
    assertEquals("timestamp in the future", late.path("reason").asText());
    assertEquals("timestamp", late.path("errors").get(0).path("field").asText());
    assertTrue(late.path("errors").get(0).path("message").isTextual());
  }

  @Test
  void invalidEventsShowWhetherWhenAndHowTheyWereReplayed() {
    Event missingElement = ctaClick(APP, UUID.randomUUID(), null, T0);
    eye.store(List.of(missingElement));
    eye.replay(List.of(missingElement), Instant.parse("2026-03-05T10:00:00Z"));

    JsonNode result =
        eye.get(
                INVALID,
                Map.of(
                    "application", APP.toString(),
                    "from", "2026-03-01T00:00:00Z",
                    "to", "2026-03-02T00:00:00Z"))
            .body()
            .path("results")
            .get(0);

    assertEquals("2026-03-05T10:00:00.000000Z", result.path("replay").path("replayed_at").asText());
    assertEquals("still invalid", result.path("replay").path("outcome").asText());
    assertEquals("data.element", result.path("errors").get(0).path("field").asText());
  }

  @Test
  void invalidEventsPageThroughEveryShardAlike() {
    List<Event> bad = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      bad.add(ctaClick(APP, UUID.randomUUID(), null, T0.plusSeconds(i)));
    }
    eye.store(bad);
    Map<String, String> query =
        Map.of(
            "application",
            APP.toString(),
            "from",
            "2026-03-01T00:00:00Z",
            "to",
            "2026-03-02T00:00:00Z");

    List<String> whole = ids(eye.all(INVALID, query, 1000));

    assertEquals(new HashSet<>(ids(bad)), new HashSet<>(whole));
    assertEquals(whole, ids(eye.all(INVALID, query, 1)));
    assertEquals(whole, ids(eye.all(INVALID, query, 4)));
  }

  @Test
  void forgedAlteredOrForeignCursorsAreRefused() {
    eye.store(mixedTraffic(10));
    Map<String, String> query = Map.of("from", fmt(T0), "to", fmt(T0.plusSeconds(3600)));
    String cursor = next(eye.get(withLimit(query, 1)));
    String payload = cursor.substring(0, cursor.indexOf('.'));
    String signature = cursor.substring(cursor.indexOf('.') + 1);
    String forgedPayload =
        java.util.Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                "{\"query\":{\"kind\":\"time\",\"from\":\"0001-01-01T00:00:00.000000Z\",\"to\":\"9999-01-01T00:00:00.000000Z\"},\"after\":\"\"}"
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    CursorSigner otherKey =
        new CursorSigner(CursorKeys.fixed("another-key-of-at-least-32-characters!!"));

    List<String> bad =
        List.of(
            "garbage",
            payload,
            forgedPayload + "." + signature,
            payload + "." + signature.substring(1),
            (payload.charAt(0) == 'e' ? "f" : "e") + payload.substring(1) + "." + signature,
            otherKey.sign(
                new Query.TimeRangeEvents(new Query.TimeRange(T0, T0.plusSeconds(3600))), "x"));
    for (String forged : bad) {
      QueryFixture.Answer answer = eye.get(withCursor(query, forged));
      assertEquals(400, answer.status(), forged);
      assertEquals("{\"cursor\":[\"Invalid cursor.\"]}", answer.body().toString());
    }

    QueryFixture.Answer otherQuery =
        eye.get(withCursor(Map.of("from", fmt(T0), "to", fmt(T0.plusSeconds(3599))), cursor));
    assertEquals(400, otherQuery.status(), "a cursor continues only the query it came from");
    QueryFixture.Answer sameQuery = eye.get(withCursor(query, cursor));
    assertEquals(200, sameQuery.status(), sameQuery.body()::toString);
  }

  @Test
  void missingReversedOrTooWideRangesAreRefused() {
    assertError(Map.of("to", "2026-02-20T00:00:00Z"), "{\"from\":[\"This field is required.\"]}");
    assertError(
        Map.of("category", "x"),
        "{\"from\":[\"This field is required.\"],\"to\":[\"This field is required.\"]}");
    assertError(
        Map.of("from", "2026-02-21T00:00:00Z", "to", "2026-02-20T00:00:00Z"),
        "{\"to\":[\"Must be later than from.\"]}");
    assertError(
        Map.of("from", "2026-02-20T00:00:00Z", "to", "2026-02-20T00:00:00Z"),
        "{\"to\":[\"Must be later than from.\"]}");
    assertError(
        Map.of("from", "2026-01-01T00:00:00Z", "to", "2026-02-01T00:00:01Z"),
        "{\"to\":[\"The range from from to to may span at most 31 days.\"]}");
    assertError(
        Map.of("from", "yesterday", "to", "2026-02-01T00:00:00Z"),
        "{\"from\":[\"" + EventTimestamps.FORMAT_ERROR + "\"]}");
    assertError(
        INVALID,
        Map.of("application", APP.toString(), "from", "2026-02-21T00:00:00Z", "to", "2026-02-20"),
        "{\"to\":[\"" + EventTimestamps.FORMAT_ERROR + "\"]}");
    assertEquals(
        200,
        eye.get(Map.of("from", "2026-01-01T00:00:00Z", "to", "2026-02-01T00:00:00Z")).status());
  }

  @Test
  void limitMustLieBetweenOneAndAThousand() {
    Map<String, String> query = Map.of("from", fmt(T0), "to", fmt(T0.plusSeconds(60)));
    assertError(
        withLimit(query, 0), "{\"limit\":[\"Ensure this value is greater than or equal to 1.\"]}");
    assertError(
        withLimit(query, 1001),
        "{\"limit\":[\"Ensure this value is less than or equal to 1000.\"]}");
    Map<String, String> words = new java.util.HashMap<>(query);
    words.put("limit", "ten");
    assertError(words, "{\"limit\":[\"A valid integer is required.\"]}");
    assertEquals(200, eye.get(withLimit(query, 1000)).status());
    assertEquals(200, eye.get(withLimit(query, 1)).status());
  }

  @Test
  void parametersMustFormOneOfTheQueries() {
    assertError(Map.of("session_id", "not-a-uuid"), "{\"session_id\":[\"Must be a valid UUID.\"]}");
    assertError(
        INVALID,
        Map.of("application", "nope", "from", fmt(T0), "to", fmt(T0.plusSeconds(1))),
        "{\"application\":[\"Must be a valid UUID.\"]}");
    assertError(Map.of(), "{\"non_field_errors\":[\"" + QueryParameters.EVENTS_USAGE + "\"]}");
    assertError(
        Map.of("name", "pageview", "from", fmt(T0), "to", fmt(T0.plusSeconds(1))),
        "{\"category\":[\"This field is required.\"]}");
    assertError(
        Map.of("category", " ", "from", fmt(T0), "to", fmt(T0.plusSeconds(1))),
        "{\"category\":[\"This field may not be blank.\"]}");
    QueryFixture.Answer combined =
        eye.get(Map.of("session_id", UUID.randomUUID().toString(), "category", "x"));
    assertEquals(400, combined.status());
    assertTrue(
        combined
            .body()
            .path("non_field_errors")
            .get(0)
            .asText()
            .startsWith("session_id cannot be combined"),
        combined.body()::toString);
    QueryFixture.Answer unknown = eye.get(Map.of("sesion_id", UUID.randomUUID().toString()));
    assertEquals(400, unknown.status());
    assertTrue(
        unknown
            .body()
            .path("non_field_errors")
            .get(0)
            .asText()
            .startsWith("Unknown parameter \"sesion_id\""),
        unknown.body()::toString);
    QueryFixture.Answer categoryOnInvalid =
        eye.get(
            INVALID,
            Map.of(
                "application",
                APP.toString(),
                "category",
                "x",
                "from",
                fmt(T0),
                "to",
                fmt(T0.plusSeconds(1))));
    assertEquals(400, categoryOnInvalid.status());
  }

  @Test
  void onlyGetIsAnsweredAndOnlyOnTheQueryPaths() {
    QueryFixture.Answer put = eye.send("PUT", EVENTS, Map.of());
    assertEquals(405, put.status());
    assertEquals("GET, POST", put.headers().get("allow"), "what the path serves, POST included");
    assertEquals(404, eye.get("/api/v1/other/", Map.of()).status());
    assertEquals(
        200,
        eye.get("/api/v1/events", Map.of("session_id", UUID.randomUUID().toString())).status(),
        "the trailing slash is optional");
  }

  // --- helpers ---

  /** Events of three types over 20 sessions, a minute apart, from T0 on. */
  private static List<Event> mixedTraffic(int count) {
    List<Event> events = new ArrayList<>();
    List<UUID> sessions = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      sessions.add(UUID.randomUUID());
    }
    for (int i = 0; i < count; i++) {
      UUID session = sessions.get(i % 3 == 0 ? 0 : i % sessions.size());
      Instant at = T0.plusSeconds(60L * i);
      events.add(
          switch (i % 3) {
            case 0 -> pageview(APP, session, "/" + i, at);
            case 1 -> ctaClick(APP, session, "button " + i, at);
            default -> formSubmit(APP, session, at);
          });
    }
    return events;
  }

  private static List<String> expected(
      List<Event> stored, java.util.function.Predicate<Event> match, Instant from, Instant to) {
    return stored.stream()
        .filter(match)
        .filter(e -> !e.timestamp().isBefore(from) && e.timestamp().isBefore(to))
        .sorted(Comparator.comparing(Event::timestamp).thenComparing(Event::id))
        .map(Event::id)
        .toList();
  }

  private static String atExactly(List<Event> stored, Instant at, String category) {
    return stored.stream()
        .filter(e -> e.timestamp().equals(at) && e.category().equals(category))
        .findFirst()
        .map(Event::id)
        .orElseThrow(() -> new AssertionError("no " + category + " event at " + at));
  }

  private long shardsUsed() {
    return aws.dynamoDb()
        .query(
            b ->
                b.tableName(eye.tables.events())
                    .indexName(TableLayout.BY_CATEGORY_INDEX)
                    .keyConditionExpression("#p = :p")
                    .expressionAttributeNames(Map.of("#p", TableLayout.CATEGORY_SHARD))
                    .expressionAttributeValues(
                        Map.of(
                            ":p",
                            AttributeValue.fromS(
                                TableLayout.categoryShard("page interaction", 0)))))
        .count();
  }

  private void assertError(Map<String, String> query, String body) {
    assertError(EVENTS, query, body);
  }

  private void assertError(String path, Map<String, String> query, String body) {
    QueryFixture.Answer answer = eye.get(path, query);
    assertEquals(400, answer.status(), answer.body()::toString);
    assertEquals(body, answer.body().toString());
  }

  private static Map<String, String> withLimit(Map<String, String> query, int limit) {
    Map<String, String> copy = new java.util.HashMap<>(query);
    copy.put("limit", Integer.toString(limit));
    return copy;
  }

  private static Map<String, String> withCursor(Map<String, String> query, String cursor) {
    Map<String, String> copy = new java.util.HashMap<>(withLimit(query, 1));
    copy.put("cursor", cursor);
    return copy;
  }

  private static String next(QueryFixture.Answer answer) {
    assertEquals(200, answer.status(), answer.body()::toString);
    JsonNode next = answer.body().path("next");
    assertNotEquals(true, next.isNull(), "a next page");
    return next.asText();
  }

  private static String fmt(Instant instant) {
    return EventTimestamps.format(instant);
  }

  private static List<String> ids(List<Event> events) {
    return events.stream().map(Event::id).toList();
  }

  private static List<String> ids(Iterable<JsonNode> results) {
    List<String> ids = new ArrayList<>();
    results.forEach(r -> ids.add(r.path("id").asText()));
    return ids;
  }

  @Test
  void dataStoredAsANativeMapAndOldItemsWithDataAsTextAnswerAlike() {
    UUID session = UUID.randomUUID();
    String data =
        "{\"host\":\"shop.example\",\"path\":\"/cart\",\"cart\":{\"items\":[{\"sku\":\"A-1\","
            + "\"qty\":2,\"price\":19.5}],\"gift\":false,\"coupon\":null}}";
    Event mapped = QueryFixture.event(APP, session, "page interaction", "pageview", data, T0);
    Event old =
        QueryFixture.event(APP, session, "page interaction", "pageview", data, T0.plusSeconds(1));
    eye.store(List.of(mapped));
    Map<String, AttributeValue> oldItem =
        new java.util.HashMap<>(
            EventItems.toItem(new StoredEvent(old, 0, java.util.Optional.empty())));
    oldItem.put(EventItems.DATA, AttributeValue.fromS(EventCodec.write(old.data())));
    aws.dynamoDb().putItem(b -> b.tableName(eye.tables.events()).item(oldItem));

    Map<String, AttributeValue> stored =
        aws.dynamoDb()
            .getItem(
                b ->
                    b.tableName(eye.tables.events())
                        .key(
                            Map.of(
                                TableLayout.SESSION_ID,
                                AttributeValue.fromS(session.toString()),
                                TableLayout.OCCURRED_AT_ID,
                                AttributeValue.fromS(
                                    TableLayout.sortKey(EventTimestamps.format(T0), mapped.id())))))
            .item();
    assertEquals(
        "2",
        stored.get(EventItems.DATA).m().get("cart").m().get("items").l().get(0).m().get("qty").n(),
        "numbers are numbers, objects maps");
    JsonNode results = eye.get(Map.of("session_id", session.toString())).body().path("results");

    assertEquals(List.of(mapped.id(), old.id()), ids(results));
    assertEquals(mapped.data(), results.get(0).get("data"));
    assertEquals(old.data(), results.get(1).get("data"));
  }
}

package com.theeye.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.theeye.event.EventCodec;
import com.theeye.event.ExactJson;
import com.theeye.ingest.IngestConfig;
import com.theeye.store.EventItems;
import com.theeye.store.TableLayout;
import com.theeye.testsupport.Eventually;
import com.theeye.testsupport.Fixtures;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What the ingest accepts, every query serves unchanged. The deepest and largest events the
 * envelope allows, with MAX_EVENT_BYTES at the largest template.yaml allows, a category and name of
 * 200 astral code points, numbers at DynamoDB's limits and past them and the characters SQS takes
 * at the edges of its ranges, go through the local runner over HTTP (ingest, ElasticMQ, processor,
 * dynalite) and come back from each query; one step past each limit is a 400.
 */
class AcceptedEventsAreServedTest {

  private static final int MAX_EVENT_BYTES = IngestConfig.LARGEST_MAX_EVENT_BYTES;

  /** The ingest's deepest {@code data}, itself level 1 (docs/API.md: Body). */
  private static final int MAX_DEPTH = 32;

  /** Code points a category or a name may have. */
  private static final int MAX_TEXT = 200;

  private static final String APPLICATION = LocalSettings.SEED_APPLICATION.toString();
  private static final Duration STORED_WITHIN = Duration.ofSeconds(30);
  private static final JsonNodeFactory NODES = ExactJson.MAPPER.getNodeFactory();

  /** 200 code points, mostly astral: 4 bytes of UTF-8 and a surrogate pair in Java each. */
  private static final String CATEGORY = text(MAX_TEXT, "\uD83D\uDC41", "\uDBFF\uDFFF", " ", "é");

  private static final String NAME = text(MAX_TEXT, "\uD800\uDC00", "\uD83C\uDF89", "-", "ß");

  /** Microseconds in +05:30, to which {@link #envelope} adds three digits more. */
  private static final DateTimeFormatter SENT_TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS")
          .withZone(ZoneOffset.ofHoursMinutes(5, 30));

  @TempDir static Path data;
  private static LocalEye eye;
  private static LocalApi api;

  @BeforeAll
  static void start() {
    // UNKNOWN_EVENT_TYPES=accept: no schema is named after 200 emoji, and only a valid event is
    // served by the category and time queries.
    eye =
        LocalEye.start(
            TestRunners.settings(data),
            Fixtures.repoRoot(),
            Map.of(
                "MAX_EVENT_BYTES",
                Integer.toString(MAX_EVENT_BYTES),
                "UNKNOWN_EVENT_TYPES",
                "accept"));
    api = new LocalApi(eye, APPLICATION);
  }

  @AfterAll
  static void stop() {
    if (eye != null) {
      eye.close();
    }
  }

  @Test
  void theDeepestLargestEventsComeBackUnchangedFromEveryQuery() {
    Instant at = Instant.parse("2001-02-03T04:05:06.123456Z");
    // One DynamoDB can hold as a map, one it cannot (a level deeper, numbers past its limits, an
    // empty member name): both storage forms, served alike.
    ObjectNode asMap = largest(envelope(UUID.randomUUID(), at, deep(MAX_DEPTH - 1, edges(false))));
    ObjectNode asText =
        largest(envelope(UUID.randomUUID(), at.plusSeconds(1), deep(MAX_DEPTH, edges(true))));
    List<ObjectNode> sent = List.of(asMap, asText);
    List<JsonNode> accepted = sent.stream().map(AcceptedEventsAreServedTest::accept).toList();

    for (int i = 0; i < sent.size(); i++) {
      Map<String, String> session = Map.of("session_id", sent.get(i).get("session_id").asText());
      Eventually.await(
          STORED_WITHIN,
          () -> api.page(LocalApi.EVENTS, session),
          body -> body.path("results").size() == 1,
          "event " + i + " stored");
      assertServed(sent.subList(i, i + 1), accepted.subList(i, i + 1), "session", session);
    }
    assertEquals(AttributeValue.Type.M, storedData(asMap).type(), "stored as a map");
    assertEquals(AttributeValue.Type.S, storedData(asText).type(), "stored as text");
    Map<String, String> range =
        Map.of("from", "2001-02-03T04:05:06Z", "to", "2001-02-03T04:05:08Z");
    assertServed(sent, accepted, "category", with(range, "category", CATEGORY));
    assertServed(
        sent, accepted, "category and name", with(with(range, "category", CATEGORY), "name", NAME));
    assertServed(sent, accepted, "time range", range);
  }

  @Test
  void theDeepestLargestInvalidEventComesBackUnchangedFromTheInvalidEventsQuery() {
    // Spelled otherwise, still form interaction / submit, whose schema requires host, path, form.
    ObjectNode sent =
        largest(
            envelope(
                UUID.randomUUID(),
                "Form_Interaction",
                "SUBMIT",
                Instant.parse("2002-02-03T04:05:06.123456Z"),
                deep(MAX_DEPTH, edges(true))));
    Instant posted = Instant.now();
    JsonNode accepted = accept(sent);

    Map<String, String> query =
        Map.of(
            "application",
            APPLICATION,
            "from",
            posted.minus(Duration.ofHours(1)).toString(),
            "to",
            posted.plus(Duration.ofHours(1)).toString());
    JsonNode invalid =
        Eventually.await(
                STORED_WITHIN,
                () -> withId(api.all(LocalApi.INVALID_EVENTS, query), accepted.get("id").asText()),
                Optional::isPresent,
                "the invalid event")
            .orElseThrow();

    assertEquals("schema violation", invalid.get("reason").asText());
    assertTrue(
        invalid.get("errors").toString().contains("\"field\":\"data.host\""),
        () -> invalid.get("errors").toString());
    JsonNode event = invalid.get("event");
    for (String field : List.of("id", "session_id", "category", "name", "timestamp")) {
      assertEquals(accepted.get(field), event.get(field), field);
    }
    assertEquals(APPLICATION, event.get("application").asText());
    assertSameData(sent, event, "invalid events");
  }

  @Test
  void oneStepPastEachLimitIsRefusedWithA400NamingTheField() {
    Instant at = Instant.parse("2003-02-03T04:05:06Z");
    ObjectNode atTheLimits = largest(envelope(UUID.randomUUID(), at, deep(MAX_DEPTH, edges(true))));
    ObjectNode oneByteMore = atTheLimits.deepCopy();
    ObjectNode data = (ObjectNode) oneByteMore.get("data");
    data.put("padding", data.get("padding").asText() + "x");
    String loneSurrogateKey =
        EventCodec.write(envelope(UUID.randomUUID(), at, object().put("LONE", 1)))
            .replace("LONE", "\\uD800");

    assertEquals(202, api.post(EventCodec.write(atTheLimits)).statusCode());
    assertRefused(
        EventCodec.write(oneByteMore),
        "non_field_errors",
        "Ensure this event has no more than "
            + MAX_EVENT_BYTES
            + " bytes (MAX_EVENT_BYTES), counted as compact JSON.");
    assertRefused(
        EventCodec.write(envelope(UUID.randomUUID(), at, deep(MAX_DEPTH + 1, edges(true)))),
        "data",
        "Ensure this field is nested no more than 32 levels deep.");
    assertRefused(
        EventCodec.write(
            envelope(UUID.randomUUID(), CATEGORY + "\uD83D\uDC41", NAME, at, object())),
        "category",
        "Ensure this field has no more than 200 characters.");
    assertRefused(
        EventCodec.write(
            envelope(UUID.randomUUID(), CATEGORY, NAME + "\uD83D\uDC41", at, object())),
        "name",
        "Ensure this field has no more than 200 characters.");
    assertRefused(
        EventCodec.write(envelope(UUID.randomUUID(), at, object().put("text", "\uFFFE"))),
        "data",
        "Ensure this field has no unpaired surrogate and no U+FFFE or U+FFFF: they are not text.");
    assertRefused(
        loneSurrogateKey,
        "data",
        "Ensure this field has no unpaired surrogate and no U+FFFE or U+FFFF: they are not text.");
  }

  @Test
  void minusZeroAndZeroAreOneEventUnderOneId() {
    String session = UUID.randomUUID().toString();
    String envelope =
        "{\"session_id\": \""
            + session
            + "\", \"category\": \"page interaction\", \"name\": \"pageview\", \"data\": DATA,"
            + " \"timestamp\": \"2004-02-03T04:05:06Z\"}";

    JsonNode minus =
        accept(
            envelope.replace("DATA", "{\"host\": \"h\", \"path\": \"/\", \"n\": -0, \"x\": -0.0}"));
    JsonNode plus =
        accept(
            envelope.replace("DATA", "{\"host\": \"h\", \"path\": \"/\", \"n\": 0, \"x\": 0.0}"));

    assertEquals(minus.get("id"), plus.get("id"), "the same event, so the same id");
    Eventually.await(
        STORED_WITHIN,
        () -> messagesOn(eye.queueUrl()),
        count -> count == 0,
        "both messages processed");
    List<JsonNode> stored = api.all(LocalApi.EVENTS, Map.of("session_id", session));
    assertEquals(1, stored.size(), "stored once: the second is a duplicate");
    assertEquals(minus.get("id"), stored.getFirst().get("id"));
    assertEquals(0, messagesOn(eye.deadLetterQueueUrl()), "no failure either");
    assertEquals(
        Optional.empty(),
        JsonValues.difference(
            LocalApi.json("{\"host\": \"h\", \"path\": \"/\", \"n\": 0, \"x\": 0}"),
            stored.getFirst().get("data")));
  }

  // --- what is sent ---

  /** {@code count} code points cycling through {@code units}, neither starting nor ending blank. */
  private static String text(int count, String... units) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < count; i++) {
      String unit = units[i % units.length];
      text.append(unit.isBlank() && i == count - 1 ? units[0] : unit);
    }
    assertEquals(count, text.codePointCount(0, text.length()));
    return text.toString();
  }

  private static ObjectNode envelope(UUID session, Instant at, ObjectNode data) {
    return envelope(session, CATEGORY, NAME, at, data);
  }

  /**
   * The posted event; the timestamp sent in another zone with nanoseconds, which the ingest turns
   * into UTC microseconds.
   */
  private static ObjectNode envelope(
      UUID session, String category, String name, Instant at, ObjectNode data) {
    String timestamp = SENT_TIMESTAMP.format(at) + "789+05:30";
    return object()
        .put("session_id", session.toString())
        .put("category", category)
        .put("name", name)
        .<ObjectNode>set("data", data)
        .put("timestamp", timestamp);
  }

  /**
   * {@code data} nested {@code depth} levels deep, {@code data} being level 1, arrays and objects
   * by turns; {@code innermost}, whose members are all scalars, is the deepest level.
   */
  private static ObjectNode deep(int depth, ObjectNode innermost) {
    JsonNode node = innermost;
    for (int level = depth - 1; level >= 2; level--) {
      node = level % 2 == 0 ? NODES.arrayNode().add(node) : object().set("level " + level, node);
    }
    ObjectNode data = object().put("padding", "");
    return depth == 1 ? innermost.put("padding", "") : data.set("nested", node);
  }

  /**
   * Scalars at the edges: every character SQS takes at the ends of its ranges (#x9, #xA, #xD, #x20,
   * #xD7FF, #xE000, #xFFFD, #x10000, #x10FFFF), control characters the JSON writer escapes, numbers
   * at DynamoDB's limits (38 digits, 1E-130 to 9.99...E+125) and, with {@code pastDynamoDb},
   * numbers past them and an empty member name.
   */
  private static ObjectNode edges(boolean pastDynamoDb) {
    String sqsEdges = "\t\n\r \uD7FF\uE000\uFFFD\uD800\uDC00\uDBFF\uDFFF";
    ObjectNode edges =
        object()
            .put(sqsEdges, sqsEdges)
            .put("escaped by the JSON writer", "\u0000\u0001\u001f\u007f\"\\/\u2028\u2029")
            .put("empty", "")
            .put("true", true)
            .put("false", false)
            .putNull("null")
            .put("38 digits", new BigDecimal("12345678901234567890123456789012345678"))
            .put("largest", new BigDecimal("9.9999999999999999999999999999999999999E+125"))
            .put("most negative", new BigDecimal("-9.9999999999999999999999999999999999999E+125"))
            .put("smallest positive", new BigDecimal("1E-130"))
            .put("largest negative", new BigDecimal("-1E-130"))
            .put("zero", 0)
            .put("decimal", new BigDecimal("10.50"));
    if (pastDynamoDb) {
      edges
          .put("39 digits", new BigDecimal("123456789012345678901234567890123456789"))
          .put("past the largest", new BigDecimal("1E+126"))
          .put("below the smallest", new BigDecimal("1E-131"))
          .put("", "an empty member name");
    }
    return edges;
  }

  /** The event grown to exactly MAX_EVENT_BYTES, as the ingest counts: its compact JSON. */
  private static ObjectNode largest(ObjectNode event) {
    ObjectNode data = (ObjectNode) event.get("data");
    data.put("padding", "x".repeat(MAX_EVENT_BYTES - bytes(event)));
    assertEquals(MAX_EVENT_BYTES, bytes(event));
    return event;
  }

  private static int bytes(JsonNode event) {
    return EventCodec.write(event).getBytes(StandardCharsets.UTF_8).length;
  }

  private static ObjectNode object() {
    return NODES.objectNode();
  }

  // --- what comes back ---

  private static JsonNode accept(ObjectNode event) {
    return accept(EventCodec.write(event));
  }

  private static JsonNode accept(String body) {
    HttpResponse<String> response = api.post(body);
    assertEquals(202, response.statusCode(), response::body);
    return LocalApi.json(response.body());
  }

  private static void assertRefused(String body, String field, String message) {
    HttpResponse<String> response = api.post(body);
    assertEquals(400, response.statusCode(), response::body);
    JsonNode errors = LocalApi.json(response.body());
    assertEquals(NODES.arrayNode().add(message), errors.get(field), response::body);
  }

  /**
   * The query answers exactly the events {@code sent}, in time order, each as accepted: the same
   * id, session, category, name, timestamp and data.
   */
  private static void assertServed(
      List<ObjectNode> sent, List<JsonNode> accepted, String query, Map<String, String> params) {
    List<JsonNode> results = api.all(LocalApi.EVENTS, params);
    assertEquals(
        accepted.stream().map(a -> a.get("id").asText()).toList(),
        results.stream().map(r -> r.get("id").asText()).toList(),
        query);
    for (int i = 0; i < results.size(); i++) {
      JsonNode result = results.get(i);
      for (String field : List.of("session_id", "category", "name", "timestamp")) {
        assertEquals(accepted.get(i).get(field), result.get(field), query + ": " + field);
      }
      assertEquals(sent.get(i).get("session_id"), result.get("session_id"), query);
      assertEquals(sent.get(i).get("category"), result.get("category"), query);
      assertEquals(sent.get(i).get("name"), result.get("name"), query);
      assertEquals(APPLICATION, result.get("application").asText(), query);
      assertSameData(sent.get(i), result, query);
    }
  }

  private static void assertSameData(JsonNode sent, JsonNode served, String query) {
    Optional<String> difference = JsonValues.difference(sent.get("data"), served.get("data"));
    assertEquals(Optional.empty(), difference, query + ": data");
  }

  /** The {@code data} attribute of the one item stored for the event's session. */
  private static AttributeValue storedData(ObjectNode event) {
    List<Map<String, AttributeValue>> items =
        eye.dynamoDb()
            .query(
                b ->
                    b.tableName(LocalResources.TABLES.events())
                        .keyConditionExpression("#s = :s")
                        .expressionAttributeNames(Map.of("#s", TableLayout.SESSION_ID))
                        .expressionAttributeValues(
                            Map.of(":s", AttributeValue.fromS(event.get("session_id").asText()))))
            .items();
    assertEquals(1, items.size());
    return items.getFirst().get(EventItems.DATA);
  }

  private static Optional<JsonNode> withId(List<JsonNode> results, String id) {
    return results.stream().filter(r -> r.get("id").asText().equals(id)).findFirst();
  }

  private static int messagesOn(String queueUrl) {
    Map<String, String> attributes =
        eye.sqs()
            .getQueueAttributes(
                b ->
                    b.queueUrl(queueUrl)
                        .attributeNamesWithStrings(
                            "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"))
            .attributesAsStrings();
    return Integer.parseInt(attributes.get("ApproximateNumberOfMessages"))
        + Integer.parseInt(attributes.get("ApproximateNumberOfMessagesNotVisible"));
  }

  private static Map<String, String> with(Map<String, String> map, String key, String value) {
    Map<String, String> copy = new LinkedHashMap<>(map);
    copy.put(key, value);
    return copy;
  }
}

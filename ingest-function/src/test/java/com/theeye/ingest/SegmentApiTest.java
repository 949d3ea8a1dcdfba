package com.theeye.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.theeye.event.Event;
import com.theeye.event.EventCodec;
import com.theeye.event.EventIds;
import com.theeye.event.ExactJson;
import com.theeye.http.HttpRequest;
import com.theeye.store.ApplicationItems;
import com.theeye.store.TableNames;
import com.theeye.store.TrustedApplication;
import com.theeye.testsupport.AwsEmulators;
import com.theeye.testsupport.AwsTestEnvironment;
import com.theeye.testsupport.MutableClock;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Segment's HTTP Tracking API on the ingest: the bodies and headers Segment's and RudderStack's
 * libraries send (docs/API.md, "Segment"), answered as Segment answers, mapped to events on a real
 * (emulated) queue; and every bad input refused with nothing of its request queued.
 */
@ExtendWith(AwsEmulators.class)
class SegmentApiTest {

  private static final Instant NOW = Instant.parse("2026-12-07T13:18:45Z");

  /** What @segment/analytics-node 3.1.0 posted (captured), with the write key in Basic auth. */
  private static final String ANALYTICS_NODE_BATCH =
      """
      {"batch":[{"timestamp":"2026-12-07T13:18:43.100Z","integrations":{},"event":"Order Completed",
      "type":"track","properties":{"total":10},"context":{"library":{"name":"@segment/analytics-node",
      "version":"3.1.0"}},"userId":"u42","messageId":"node-next-1796649523101-4cd05435",
      "_metadata":{"nodeVersion":"v20.20.2","jsRuntime":"node"}},
      {"timestamp":"2026-12-07T13:18:43.101Z","integrations":{},"type":"page",
      "properties":{"path":"/","category":"Docs"},"category":"Docs","name":"Home",
      "context":{"library":{"name":"@segment/analytics-node","version":"3.1.0"}},"anonymousId":"anon-1",
      "messageId":"node-next-1796649523101-5435d50c","_metadata":{"nodeVersion":"v20.20.2"}}],
      "writeKey":"%s","sentAt":"2026-12-07T13:18:43.121Z"}""";

  /**
   * What @rudderstack/rudder-sdk-node 3.1.1 posted: gzip, originalTimestamp, per-message sentAt.
   */
  private static final String RUDDER_BATCH =
      """
      {"batch":[{"userId":"u7","event":"Clicked","properties":{"x":1},"type":"track",
      "context":{"library":{"name":"analytics-node","version":"3.1.1"}},"channel":"server",
      "_metadata":{"nodeVersion":"20.20.2"},"originalTimestamp":"2026-12-07T13:18:44.386Z",
      "messageId":"bc611d1b-8982-4ff4-b4d7-d4f62933fe64","sentAt":"2026-12-07T13:18:44.387Z"}],
      "timestamp":"2026-12-07T13:18:44.387Z","sentAt":"2026-12-07T13:18:44.387Z"}""";

  private final MutableClock clock = new MutableClock(NOW);
  private AwsTestEnvironment aws;
  private TableNames tables;
  private String queueUrl;
  private IngestService ingest;
  private final String application = Seed.APPLICATION;

  @BeforeEach
  void setUp(AwsTestEnvironment aws) {
    this.aws = aws;
    tables = aws.createTables();
    queueUrl = aws.createQueue("segment");
    aws.putApplication(tables, UUID.fromString(application), "shop", true);
    ingest =
        IngestService.create(
            Seed.config(tables, queueUrl, true),
            aws.sqs(),
            aws.dynamoDb(),
            clock,
            Seed.RECEIPT_KEYS);
  }

  @Test
  void analyticsNodesBatchIsAnsweredAsSegmentDoesAndMappedToEvents() {
    IngestOutcome outcome =
        post("/v1/batch", basic(application), ANALYTICS_NODE_BATCH.formatted(application));

    assertEquals(200, outcome.response().status());
    assertEquals(json("{\"success\":true}"), outcome.response().body());
    List<Event> events = queued(2);
    Event track = byName(events, "Order Completed");
    assertEquals("track", track.category());
    assertEquals(json("{\"total\":10}"), track.data());
    assertEquals("u42", track.identity().userId().orElseThrow());
    assertEquals("node-next-1796649523101-4cd05435", track.segment().messageId().orElseThrow());
    JsonNode kept = track.segment().fields().orElseThrow();
    assertEquals("track", kept.get("type").asText());
    assertEquals("@segment/analytics-node", kept.at("/context/library/name").asText());
    assertTrue(kept.has("integrations") && kept.has("_metadata"));
    assertFalse(kept.has("properties") || kept.has("event") || kept.has("userId"), kept.toString());
    assertEquals(
        EventIds.nameBased("segment messageId", application, "node-next-1796649523101-4cd05435")
            .toString(),
        track.id());
    // sentAt 21 ms after the timestamp: stored 21 ms before it was received.
    assertEquals(NOW.minusMillis(21), track.timestamp());
    assertEquals(
        Instant.parse("2026-12-07T13:18:43.100Z"), track.clock().originalTimestamp().orElseThrow());
    Event page = byName(events, "Home");
    assertEquals("Docs", page.category(), "a page that names its category keeps it");
    assertEquals("anon-1", page.identity().anonymousId().orElseThrow());
  }

  @Test
  void rudderStacksGzippedFormEncodedBatchIsReadAsJsonAndItsOriginalTimestampCorrected() {
    Map<String, String> headers = new HashMap<>(basic(application));
    headers.put("content-type", "application/x-www-form-urlencoded");
    headers.put("content-encoding", "gzip");

    IngestOutcome outcome = post("/v1/batch", headers, gzip(RUDDER_BATCH));

    assertEquals(200, outcome.response().status());
    Event clicked = queued(1).getFirst();
    assertEquals("Clicked", clicked.name());
    assertEquals(NOW.minusMillis(1), clicked.timestamp());
    assertEquals(Instant.parse("2026-12-07T13:18:44.387Z"), clicked.clock().sentAt().orElseThrow());
    assertEquals("server", clicked.segment().fields().orElseThrow().get("channel").asText());
  }

  @Test
  void analyticsJsPostsOneMessageAsTextWithTheWriteKeyInTheBody() {
    String body =
        """
        {"type":"track","event":"Signed Up","properties":{"plan":"pro"},"anonymousId":"a-1",
        "messageId":"ajs-1","timestamp":"2026-12-07T13:18:40Z","sentAt":"2026-12-07T13:18:44Z",
        "writeKey":"%s","context":{"page":{"path":"/"}}}"""
            .formatted(application);

    IngestOutcome outcome =
        post("/v1/t", Map.of("content-type", "text/plain", "origin", "https://shop.example"), body);

    assertEquals(200, outcome.response().status());
    Event event = queued(1).getFirst();
    assertEquals("Signed Up", event.name());
    assertFalse(event.segment().fields().orElseThrow().has("writeKey"), "the key is not kept");
    assertEquals(NOW.minusSeconds(4), event.timestamp());
  }

  @Test
  void aRetryWithANewSentAtIsTheSameEvent() {
    String first = ANALYTICS_NODE_BATCH.formatted(application);
    String retry = first.replace("13:18:43.121Z", "13:19:13.121Z");

    post("/v1/batch", basic(application), first);
    clock.advance(Duration.ofSeconds(30));
    post("/v1/batch", basic(application), retry);

    List<Event> events = queued(4);
    assertEquals(2, events.stream().map(Event::id).distinct().count());
  }

  @Test
  void withoutMessageIdAnEventIsNamedByItsContent() {
    String body =
        "{\"userId\":\"u1\",\"traits\":{\"plan\":\"pro\"},\"timestamp\":\"2026-12-07T13:00:00Z\"}";

    post("/v1/identify", basic(application), body);
    post("/v1/identify", basic(application), body);

    List<Event> events = queued(2);
    assertEquals(events.get(0).id(), events.get(1).id());
    assertEquals("identify", events.get(0).category());
    assertEquals("identify", events.get(0).name());
    assertEquals(json("{\"plan\":\"pro\"}"), events.get(0).data());
  }

  @Test
  void aPersonsEventsShareASessionNamedByTheAnonymousIdUnlessTheClientSentOne() {
    String session = "5a0e3d7c-2b1e-4f4e-9a55-1c2d3e4f5a6b";
    String body =
        """
        {"batch":[
        {"type":"track","event":"A","anonymousId":"anon-9","timestamp":"2026-12-07T13:00:00Z"},
        {"type":"track","event":"B","anonymousId":"anon-9","userId":"u9","timestamp":"2026-12-07T13:00:01Z"},
        {"type":"track","event":"C","anonymousId":"anon-9","context":{"session_id":"%s"}}]}"""
            .formatted(session);

    post("/v1/batch", basic(application), body);

    List<Event> events = queued(3);
    assertEquals(byName(events, "A").sessionId(), byName(events, "B").sessionId());
    assertEquals(session, byName(events, "C").sessionId().toString());
  }

  @Test
  void aBadMessageIsA400NamingItsIndexAndFieldAndNothingOfTheRequestIsQueued() {
    String body =
        """
        {"batch":[{"type":"track","event":"ok","userId":"u"},
        {"event":"no type","userId":"u"},
        {"type":"shout","userId":"u"},
        {"type":"track","event":"nobody"},
        {"type":"track","userId":"u"}]}""";

    IngestOutcome outcome = post("/v1/batch", basic(application), body);

    assertEquals(400, outcome.response().status());
    assertEquals(
        json(
            """
            {"1":{"type":["This field is required."]},
             "2":{"type":["The type is not a valid choice. Use one of: track, page, screen, identify, group, alias."]},
             "3":{"userId":["Either userId or anonymousId is required."]},
             "4":{"event":["This field is required."]}}"""),
        outcome.response().body());
    assertQueueEmpty();
  }

  @Test
  void theWriteKeyMissingOrMalformedIs401AndAnUnknownOneToo() {
    String message = "{\"type\":\"track\",\"event\":\"e\",\"userId\":\"u\"}";

    IngestOutcome none = post("/v1/track", Map.of(), message);
    IngestOutcome notBasic = post("/v1/track", Map.of("authorization", "Bearer x"), message);
    IngestOutcome notUuid = post("/v1/track", basic("wk-123"), message);
    IngestOutcome unknown = post("/v1/track", basic(UUID.randomUUID().toString()), message);

    assertEquals(401, none.response().status());
    assertEquals(SegmentService.NO_WRITE_KEY, none.response().body().get("detail").asText());
    assertEquals(401, notBasic.response().status());
    assertEquals(
        json("{\"detail\":\"Invalid write key: it must be the application id, a UUID.\"}"),
        notUuid.response().body());
    assertEquals(json("{\"detail\":\"Untrusted application.\"}"), unknown.response().body());
    assertQueueEmpty();
  }

  @Test
  void anOriginTheApplicationDoesNotAllowIs403() {
    aws.dynamoDb()
        .putItem(
            b ->
                b.tableName(tables.applications())
                    .item(
                        ApplicationItems.toItem(
                            new TrustedApplication(
                                UUID.fromString(application),
                                "shop",
                                true,
                                NOW,
                                List.of("https://shop.example")))));
    String body = "{\"type\":\"page\",\"anonymousId\":\"a\",\"writeKey\":\"" + application + "\"}";

    IngestOutcome outcome = post("/v1/p", Map.of("origin", "https://evil.example"), body);

    assertEquals(403, outcome.response().status());
  }

  @Test
  void aMessageOverTheLimitAndARequestOverSegmentsLimitSayWhichLimit() {
    String big = "x".repeat(IngestConfig.DEFAULT_MAX_EVENT_BYTES);
    String body =
        "{\"batch\":[{\"type\":\"track\",\"event\":\"e\",\"userId\":\"u\"},"
            + "{\"type\":\"track\",\"event\":\"e\",\"userId\":\"u\",\"properties\":{\"b\":\""
            + big
            + "\"}}]}";

    IngestOutcome tooLarge = post("/v1/batch", basic(application), body);
    IngestOutcome overRequest =
        post(
            "/v1/batch",
            basic(application),
            "{\"batch\":[],\"x\":\"" + "y".repeat(520_000) + "\"}");

    assertEquals(400, tooLarge.response().status());
    assertEquals(
        json(
            "{\"1\":{\"non_field_errors\":[\"Ensure this message has no more than 32768 bytes"
                + " (MAX_EVENT_BYTES), counted as compact JSON.\"]}}"),
        tooLarge.response().body());
    assertEquals(413, overRequest.response().status());
    assertEquals(
        "Request body is larger than 512000 bytes, the most one Segment request may carry.",
        overRequest.response().body().get("detail").asText());
    assertQueueEmpty();
  }

  @Test
  void anUnknownSegmentPathIs404AndAnotherMethod405() {
    assertEquals(404, post("/v1/nope", basic(application), "{}").response().status());
    IngestOutcome get =
        ingest.handle(
            new HttpRequest("GET", "/v1/batch", basic(application), Map.of(), new byte[0]));
    assertEquals(405, get.response().status());
    assertEquals("POST", get.response().headers().get("allow"));
  }

  private IngestOutcome post(String path, Map<String, String> headers, String body) {
    return post(path, headers, body.getBytes(StandardCharsets.UTF_8));
  }

  private IngestOutcome post(String path, Map<String, String> headers, byte[] body) {
    return ingest.handle(new HttpRequest("POST", path, headers, Map.of(), body));
  }

  static Map<String, String> basic(String writeKey) {
    return Map.of(
        "authorization",
        "Basic "
            + Base64.getEncoder()
                .encodeToString((writeKey + ":").getBytes(StandardCharsets.UTF_8)));
  }

  private List<Event> queued(int expected) {
    List<Event> events = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (events.size() < expected && System.nanoTime() < deadline) {
      aws.receive(queueUrl, 1, Duration.ofSeconds(1))
          .forEach(
              message ->
                  EventCodec.fromAnyMessage(message.body())
                      .forEach(decoded -> events.add(decoded.event().orElseThrow())));
    }
    assertEquals(expected, events.size());
    return events;
  }

  private void assertQueueEmpty() {
    assertEquals(List.of(), aws.receive(queueUrl, 1, Duration.ofMillis(500)));
  }

  private static Event byName(List<Event> events, String name) {
    return events.stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow();
  }

  private static byte[] gzip(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    return out.toByteArray();
  }

  private static JsonNode json(String text) {
    try {
      return ExactJson.MAPPER.readTree(text);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}

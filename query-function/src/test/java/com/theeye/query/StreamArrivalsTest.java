package com.theeye.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.theeye.aws.AwsClients;
import com.theeye.emulators.LocalEmulators;
import com.theeye.emulators.MotoServer;
import com.theeye.emulators.Tables;
import com.theeye.event.Event;
import com.theeye.event.EventCodec;
import com.theeye.event.ExactJson;
import com.theeye.processor.BatchProcessor;
import com.theeye.processor.BatchResult;
import com.theeye.processor.ProcessorConfig;
import com.theeye.processor.QueueMessage;
import com.theeye.processor.SchemaRegistry;
import com.theeye.signing.CursorKeys;
import com.theeye.store.ApplicationItems;
import com.theeye.store.TableNames;
import com.theeye.store.TrustedApplication;
import com.theeye.testsupport.Eventually;
import com.theeye.testsupport.TestLambdaContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@code GET /api/v1/recent/} as deployed: the query handler reads the DynamoDB Streams of the
 * Events and InvalidEvents tables ({@link StreamArrivals}) that the processor writes. dynalite has
 * no streams, so these tables live in moto's server ({@link MotoServer}); without it installed the
 * tests are skipped, saying so.
 */
class StreamArrivalsTest {

  private static final AtomicLong MESSAGE_IDS = new AtomicLong();
  private static final Duration ARRIVED_WITHIN = Duration.ofSeconds(30);

  private static MotoServer moto;
  private static DynamoDbClient dynamoDb;
  private static DynamoDbStreamsClient streams;
  private static BatchProcessor processor;
  private static QueryService service;
  private static QueryHandler handler;
  private static UUID application;

  @BeforeAll
  static void start() {
    assumeTrue(
        MotoServer.command().isPresent(),
        "moto_server is not installed (pip install 'moto[server]'): DynamoDB Streams has no other"
            + " emulator here");
    moto = MotoServer.start();
    AwsClients clients =
        AwsClients.forEndpoint(
            moto.endpoint(),
            LocalEmulators.REGION,
            LocalEmulators.CREDENTIALS,
            Duration.ofSeconds(10));
    dynamoDb = clients.dynamoDb();
    streams = clients.build(DynamoDbStreamsClient.builder());
    TableNames tables = TableNames.withPrefix("streams-" + UUID.randomUUID() + "-");
    Map<String, String> streamArns = new HashMap<>();
    for (CreateTableRequest request : Tables.all(tables)) {
      boolean streamed =
          request.tableName().equals(tables.events())
              || request.tableName().equals(tables.invalidEvents());
      if (streamed) {
        // As template.yaml's StreamSpecification: the new image of every write.
        request =
            request.toBuilder()
                .streamSpecification(
                    s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_IMAGE))
                .build();
      }
      String arn = dynamoDb.createTable(request).tableDescription().latestStreamArn();
      if (streamed) {
        streamArns.put(request.tableName(), arn);
      }
    }
    application = UUID.randomUUID();
    dynamoDb.putItem(
        b ->
            b.tableName(tables.applications())
                .item(
                    ApplicationItems.toItem(
                        new TrustedApplication(
                            application, "shop", true, Instant.parse("2026-01-01T00:00:00Z")))));
    Map<String, String> env = new HashMap<>();
    env.put("AWS_REGION", LocalEmulators.REGION.id());
    env.put("EVENTS_TABLE", tables.events());
    env.put("SESSIONS_TABLE", tables.sessions());
    env.put("INVALID_EVENTS_TABLE", tables.invalidEvents());
    env.put("APPLICATIONS_TABLE", tables.applications());
    env.put("IDENTITIES_TABLE", tables.identities());
    env.put("EVENTS_STREAM_ARN", streamArns.get(tables.events()));
    env.put("INVALID_EVENTS_STREAM_ARN", streamArns.get(tables.invalidEvents()));
    env.put("CURSOR_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:000000000000:secret:test");
    env.put("DELETIONS_TABLE", tables.deletions());
    // No deletion is asked for here: the queue is only named.
    env.put("DELETIONS_QUEUE_URL", "http://127.0.0.1:1/000000000000/deletions");
    // Where the processor would hand back what DynamoDB throttles; moto never throttles.
    SqsClient sqs = clients.build(SqsClient.builder());
    env.put(
        "EVENTS_QUEUE_URL",
        sqs.createQueue(b -> b.queueName("streams-" + UUID.randomUUID())).queueUrl());
    QueryConfig config = QueryConfig.fromEnv(env);
    processor =
        BatchProcessor.create(
            ProcessorConfig.fromEnv(env),
            dynamoDb,
            sqs,
            SchemaRegistry.fromClasspath(StreamArrivalsTest.class.getClassLoader()));
    service =
        QueryService.create(
            config,
            dynamoDb,
            CursorKeys.fixed(QueryFixture.SIGNING_KEY),
            new StreamArrivals(
                streams,
                config.eventsStreamArn(),
                config.invalidEventsStreamArn(),
                Clock.systemUTC()));
    handler = new QueryHandler(service);
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
      processor.close();
      streams.close();
      dynamoDb.close();
    }
    if (moto != null) {
      moto.close();
    }
  }

  @Test
  void storedAndInvalidEventsArriveAfterTheCursor() {
    String cursor = recent(Map.of("wait", "0")).path("next").asText();
    UUID session = UUID.randomUUID();
    Event valid = click(session, "buy", Instant.now());
    Event invalid = click(session, null, Instant.now());

    store(List.of(valid, invalid));
    List<JsonNode> arrivals =
        follow(cursor, Map.of("session_id", session.toString()), list -> list.size() >= 2);

    assertEquals(2, arrivals.size(), arrivals::toString);
    JsonNode stored = byId(arrivals, valid.id());
    assertEquals("stored", stored.path("outcome").asText());
    assertEquals("buy", stored.path("event").path("data").path("element").asText());
    JsonNode kept = byId(arrivals, invalid.id());
    assertEquals("invalid", kept.path("outcome").asText());
    assertEquals("data.element: required", kept.path("errors").path(0).path("text").asText());
  }

  @Test
  void theAnswerSaysWhichOutcomesTheStreamsRecord() {
    JsonNode answer = recent(Map.of("wait", "0", "application", application.toString()));

    assertEquals("[\"stored\",\"invalid\"]", answer.path("outcomes").toString());
    assertEquals("shop", answer.path("application").path("name").asText());
  }

  @Test
  void aCursorFromEarlierReadsWhatTheStreamsHoldSinceThen() {
    UUID session = UUID.randomUUID();
    Instant tenSecondsAgo = Instant.now().minusSeconds(10);
    Event before = click(session, "early", tenSecondsAgo.minusMillis(1));
    Event after = click(session, "late", tenSecondsAgo.plusSeconds(1));
    store(List.of(before, after));

    JsonNode answer =
        recent(
            Map.of(
                "from", tenSecondsAgo.toString(),
                "session_id", session.toString(),
                "wait", "5"));

    List<JsonNode> results = new ArrayList<>();
    answer.path("results").forEach(results::add);
    assertEquals(List.of(after.id()), results.stream().map(r -> r.path("id").asText()).toList());
  }

  @Test
  void aSignedPositionNoStreamMadeIsRefused() {
    String forged =
        new CursorSigner(CursorKeys.fixed(QueryFixture.SIGNING_KEY))
            .sign(ExactJson.MAPPER.createObjectNode().put("query", "recent"), "{\"f\":0,\"x\":{}}");

    JsonNode answer = get(Map.of("since", forged, "wait", "0"), 400);

    assertTrue(answer.has("since"), answer::toString);
  }

  private static List<JsonNode> follow(
      String cursor,
      Map<String, String> filters,
      java.util.function.Predicate<List<JsonNode>> done) {
    List<JsonNode> arrivals = new ArrayList<>();
    String[] next = {cursor};
    return Eventually.await(
        ARRIVED_WITHIN,
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
        "arrivals from the streams");
  }

  private static JsonNode byId(List<JsonNode> arrivals, String id) {
    return arrivals.stream()
        .filter(a -> a.path("id").asText().equals(id))
        .findFirst()
        .orElseThrow(() -> new AssertionError(id + " not in " + arrivals));
  }

  private static Event click(UUID session, String element, Instant receivedAt) {
    ObjectNode data = ExactJson.MAPPER.createObjectNode().put("host", "shop").put("path", "/");
    if (element != null) {
      data.put("element", element);
    }
    return Event.identified(
        application, session, "page interaction", "cta click", data, receivedAt, receivedAt);
  }

  private static void store(List<Event> events) {
    BatchResult result =
        processor.process(
            events.stream()
                .map(
                    e ->
                        new QueueMessage(
                            "m-" + MESSAGE_IDS.incrementAndGet(), EventCodec.toMessage(e)))
                .toList());
    assertEquals(List.of(), result.failedMessageIds(), result.logLine());
  }

  private static JsonNode recent(Map<String, String> parameters) {
    return get(parameters, 200);
  }

  /** The query handler's answer to {@code GET /api/v1/recent/}, as API Gateway would invoke it. */
  private static JsonNode get(Map<String, String> parameters, int status) {
    ObjectNode event = ExactJson.MAPPER.createObjectNode();
    event.put("version", "2.0");
    event.put("routeKey", "GET /api/v1/{proxy+}");
    event.put("rawPath", "/api/v1/recent/");
    ObjectNode query = event.putObject("queryStringParameters");
    parameters.forEach(query::put);
    event.putObject("headers").put("host", "localhost");
    event
        .putObject("requestContext")
        .putObject("http")
        .put("method", "GET")
        .put("path", "/api/v1/recent/");
    event.put("isBase64Encoded", false);
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    try {
      handler.handleRequest(
          new ByteArrayInputStream(EventCodec.write(event).getBytes(StandardCharsets.UTF_8)),
          output,
          new TestLambdaContext());
      JsonNode response = ExactJson.MAPPER.readTree(output.toByteArray());
      JsonNode body = ExactJson.MAPPER.readTree(response.path("body").asText());
      assertEquals(status, response.path("statusCode").asInt(), body::toString);
      assertFalse(body.isMissingNode());
      return body;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

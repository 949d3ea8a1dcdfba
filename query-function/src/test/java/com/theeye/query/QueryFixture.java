package com.theeye.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.theeye.event.Event;
import com.theeye.event.EventCodec;
import com.theeye.event.ExactJson;
import com.theeye.processor.BatchProcessor;
import com.theeye.processor.BatchResult;
import com.theeye.processor.ProcessorConfig;
import com.theeye.processor.QueueMessage;
import com.theeye.processor.SchemaRegistry;
import com.theeye.signing.CursorKeys;
import com.theeye.store.TableNames;
import com.theeye.testsupport.AwsTestEnvironment;
import com.theeye.testsupport.SecretsManagerFake;
import com.theeye.testsupport.TestLambdaContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Both sides of the store against the emulators: events written by the real processor, read back
 * through the real query handler from API Gateway payload 2.0 events.
 */
final class QueryFixture implements AutoCloseable {

  static final int SHARDS = 4;
  static final String SIGNING_KEY = "test-signing-key-0123456789abcdef0123456789";
  static final Instant RECEIVED_AT = Instant.parse("2026-03-01T12:00:00Z");

  private static final SchemaRegistry SCHEMAS =
      SchemaRegistry.fromClasspath(QueryFixture.class.getClassLoader());
  private static final AtomicLong MESSAGE_IDS = new AtomicLong();

  final TableNames tables;
  private final AwsTestEnvironment aws;
  private final BatchProcessor processor;
  private final QueryService service;
  private final QueryHandler handler;

  QueryFixture(AwsTestEnvironment aws) {
    this(aws, Map.of());
  }

  QueryFixture(AwsTestEnvironment aws, Map<String, String> querySettings) {
    this(aws, querySettings, ResponseBudget.MAX_RESPONSE_BYTES);
  }

  /**
   * {@code maxResponseBytes}: the query service's cap on one answer, lowered to keep tests quick.
   */
  QueryFixture(AwsTestEnvironment aws, Map<String, String> querySettings, int maxResponseBytes) {
    this(aws, querySettings, maxResponseBytes, CursorKeys.fixed(SIGNING_KEY));
  }

  /** A query function whose cursor keys come from {@code cursorKeys}, e.g. a fake secret. */
  QueryFixture(AwsTestEnvironment aws, CursorKeys cursorKeys) {
    this(aws, Map.of(), ResponseBudget.MAX_RESPONSE_BYTES, cursorKeys);
  }

  private QueryFixture(
      AwsTestEnvironment aws,
      Map<String, String> querySettings,
      int maxResponseBytes,
      CursorKeys cursorKeys) {
    this.aws = aws;
    this.tables = aws.createTables();
    Map<String, String> env = new HashMap<>();
    env.put("AWS_REGION", "us-east-1");
    env.put("EVENTS_TABLE", tables.events());
    env.put("SESSIONS_TABLE", tables.sessions());
    env.put("INVALID_EVENTS_TABLE", tables.invalidEvents());
    env.put("APPLICATIONS_TABLE", tables.applications());
    env.put("IDENTITIES_TABLE", tables.identities());
    env.put("INDEX_SHARDS", Integer.toString(SHARDS));
    env.put("CURSOR_SECRET_ARN", SecretsManagerFake.SECRET_ARN);
    env.put("EVENTS_STREAM_ARN", streamArn(tables.events()));
    env.put("INVALID_EVENTS_STREAM_ARN", streamArn(tables.invalidEvents()));
    env.put("DELETIONS_TABLE", tables.deletions());
    env.put("DELETIONS_QUEUE_URL", aws.createQueue("deletions"));
    // Where the processor would hand back what DynamoDB throttles; the emulator never does.
    env.put("EVENTS_QUEUE_URL", aws.createQueue("events"));
    // Both functions read the settings they know: e.g. UNKNOWN_EVENT_TYPES for the processor.
    env.putAll(querySettings);
    this.processor =
        BatchProcessor.create(ProcessorConfig.fromEnv(env), aws.dynamoDb(), aws.sqs(), SCHEMAS);
    this.service =
        QueryService.create(
            QueryConfig.fromEnv(env),
            aws.dynamoDb(),
            cursorKeys,
            Optional.empty(),
            maxResponseBytes);
    this.handler = new QueryHandler(service);
  }

  QueryHandler handler() {
    return handler;
  }

  QueryService service() {
    return service;
  }

  /** Stores the events through the processor, in the order given; all must be stored or kept. */
  void store(List<Event> events) {
    // The processor stores only what trusted applications sent.
    events.stream()
        .map(Event::application)
        .distinct()
        .forEach(app -> aws.putApplication(tables, app, "app " + app, true));
    List<QueueMessage> messages =
        events.stream()
            .map(
                e ->
                    new QueueMessage("m-" + MESSAGE_IDS.incrementAndGet(), EventCodec.toMessage(e)))
            .toList();
    BatchResult result = processor.process(messages);
    assertEquals(List.of(), result.failedMessageIds(), result.logLine());
  }

  /** Sends the events through the processor again, as {@code make replay} started at {@code at}. */
  void replay(List<Event> events, Instant at) {
    BatchResult result =
        processor.process(
            events.stream()
                .map(
                    e ->
                        new QueueMessage(
                            "r-" + MESSAGE_IDS.incrementAndGet(),
                            EventCodec.toMessage(e),
                            java.util.Optional.of(at)))
                .toList());
    assertEquals(List.of(), result.failedMessageIds(), result.logLine());
  }

  static Event pageview(UUID application, UUID session, String path, Instant timestamp) {
    return event(
        application,
        session,
        "page interaction",
        "pageview",
        "{\"host\":\"shop.example\",\"path\":\"" + path + "\"}",
        timestamp);
  }

  static Event ctaClick(UUID application, UUID session, String element, Instant timestamp) {
    String elementField = element == null ? "" : ",\"element\":\"" + element + "\"";
    return event(
        application,
        session,
        "page interaction",
        "cta click",
        "{\"host\":\"shop.example\",\"path\":\"/\"" + elementField + "}",
        timestamp);
  }

  static Event formSubmit(UUID application, UUID session, Instant timestamp) {
    return event(
        application,
        session,
        "form interaction",
        "submit",
        "{\"host\":\"shop.example\",\"path\":\"/\",\"form\":{\"first_name\":\"Jo\"}}",
        timestamp);
  }

  static Event event(
      UUID application,
      UUID session,
      String category,
      String name,
      String data,
      Instant timestamp) {
    try {
      return Event.identified(
          application,
          session,
          category,
          name,
          (ObjectNode) ExactJson.MAPPER.readTree(data),
          timestamp,
          RECEIVED_AT);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The handler's answer to {@code GET path?parameters}. */
  Answer get(String path, Map<String, String> parameters) {
    return send("GET", path, parameters);
  }

  Answer get(Map<String, String> parameters) {
    return get("/api/v1/events/", parameters);
  }

  Answer send(String method, String path, Map<String, String> parameters) {
    ObjectNode event = ExactJson.MAPPER.createObjectNode();
    event.put("version", "2.0");
    event.put("routeKey", method + " " + path);
    event.put("rawPath", path);
    event.put(
        "rawQueryString",
        parameters.entrySet().stream()
            .map(
                p ->
                    URLEncoder.encode(p.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&")));
    if (!parameters.isEmpty()) {
      ObjectNode query = event.putObject("queryStringParameters");
      parameters.forEach(query::put);
    }
    event.putObject("headers").put("host", "localhost");
    event.putObject("requestContext").putObject("http").put("method", method).put("path", path);
    event.put("isBase64Encoded", false);
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    TestLambdaContext context = new TestLambdaContext();
    try {
      handler.handleRequest(
          new ByteArrayInputStream(EventCodec.write(event).getBytes(StandardCharsets.UTF_8)),
          output,
          context);
      byte[] proxyResponse = output.toByteArray();
      JsonNode response = ExactJson.MAPPER.readTree(proxyResponse);
      Map<String, String> headers = new HashMap<>();
      response
          .path("headers")
          .properties()
          .forEach(h -> headers.put(h.getKey(), h.getValue().asText()));
      return new Answer(
          response.path("statusCode").asInt(),
          headers,
          ExactJson.MAPPER.readTree(response.path("body").asText()),
          proxyResponse.length,
          context.getAwsRequestId(),
          context.logLines());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Every result of a query, page by page with {@code limit}, following {@code next} to the end.
   */
  List<JsonNode> all(String path, Map<String, String> parameters, int limit) {
    List<JsonNode> results = new ArrayList<>();
    Map<String, String> page = new LinkedHashMap<>(parameters);
    page.put("limit", Integer.toString(limit));
    for (int pages = 0; pages < 10_000; pages++) {
      Answer answer = get(path, page);
      assertEquals(200, answer.status(), answer.body()::toString);
      answer.body().path("results").forEach(results::add);
      JsonNode next = answer.body().path("next");
      if (next.isNull()) {
        return results;
      }
      assertTrue(
          answer.body().path("results").size() <= limit, "a page never holds more than limit");
      page.put("cursor", next.asText());
    }
    throw new AssertionError("more than 10000 pages");
  }

  @Override
  public void close() {
    processor.close();
    service.close();
  }

  /**
   * A proxy response: status, headers, JSON body, and the bytes of the whole response as the
   * handler wrote it for Lambda; with the invocation's request id and the lines it logged.
   */
  record Answer(
      int status,
      Map<String, String> headers,
      JsonNode body,
      int proxyBytes,
      String requestId,
      List<String> logLines) {

    /** The one line the request logged, parsed. */
    JsonNode logLine() {
      assertEquals(1, logLines.size(), logLines::toString);
      try {
        return ExactJson.MAPPER.readTree(logLines.getFirst());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * A stream ARN of the shape DynamoDB gives: the tables here have no stream (dynalite has none).
   */
  static String streamArn(String table) {
    return "arn:aws:dynamodb:us-east-1:000000000000:table/"
        + table
        + "/stream/2026-01-01T00:00:00.000";
  }
}

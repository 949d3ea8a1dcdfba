package com.theeye.ingest;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.theeye.emulators.FreePorts;
import com.theeye.event.Event;
import com.theeye.event.EventCodec;
import com.theeye.http.HttpRequest;
import com.theeye.store.TableLayout;
import com.theeye.store.TableNames;
import com.theeye.testsupport.AwsEmulators;
import com.theeye.testsupport.AwsTestEnvironment;
import com.theeye.testsupport.TestLambdaContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The ingest handler end to end: API Gateway event in, proxy response out, events on a real
 * (emulated) queue.
 */
@ExtendWith(AwsEmulators.class)
class IngestHandlerTest {

  private static final String PATH = "/api/v1/events/";
  private static final Duration TRUSTED_TTL = Duration.ofSeconds(60);
  private static final Duration UNTRUSTED_TTL = Duration.ofSeconds(10);

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T12:00:00.123456Z"));
  private AwsTestEnvironment aws;
  private TableNames tables;
  private String queueUrl;
  private UUID application;

  @BeforeEach
  void setUp(AwsTestEnvironment aws) {
    this.aws = aws;
    tables = aws.createTables();
    queueUrl = aws.createQueue("events");
    application = UUID.fromString(Seed.APPLICATION);
    aws.putApplication(tables, application, "consumer affairs", true);
  }

  @Test
  void acceptsTheSeedExampleAndPutsItOnTheQueue() {
    Response response = post(Seed.PAGEVIEW_BODY);

    assertEquals(202, response.status());
    JsonNode echo = response.body();
    assertEquals("e2085be5-9137-4e4e-80b5-f1ffddc25423", echo.get("session_id").asText());
    assertEquals("page interaction", echo.get("category").asText());
    assertEquals("pageview", echo.get("name").asText());
    assertEquals(json("{\"host\":\"www.consumeraffairs.com\",\"path\":\"/\"}"), echo.get("data"));
    assertEquals("2021-01-01T09:15:27.243860Z", echo.get("timestamp").asText());

    Event queued = onlyQueuedEvent();
    assertEquals(echo.get("id").asText(), queued.id());
    assertEquals(application, queued.application());
    assertEquals(Instant.parse("2026-11-29T12:00:00.123456Z"), queued.receivedAt());
    assertEquals(echo.get("data"), queued.data());
  }

  @Test
  void answersTheSeedErrorExampleWith400AndQueuesNothing() {
    Response response = post(Seed.ERROR_BODY);

    assertEquals(400, response.status());
    assertEquals(
        json("{\"name\":[\"This field is required.\"],\"data\":[\"This field is required.\"]}"),
        response.body());
    assertQueueEmpty();
  }

  @Test
  void manyEventsOfOneSessionAreAllAccepted() {
    String later = Seed.PAGEVIEW_BODY.replace("09:15:27", "09:16:00");
    assertEquals(202, post(Seed.PAGEVIEW_BODY).status());
    assertEquals(202, post(later).status());
    assertEquals(202, post(Seed.CTA_CLICK_BODY).status());
    assertEquals(3, aws.receive(queueUrl, 3, Duration.ofSeconds(5)).size());
  }

  @Test
  void aClientRetryOfTheSameEventCarriesTheSameId() {
    String first = post(Seed.PAGEVIEW_BODY).body().get("id").asText();
    clock.advance(Duration.ofSeconds(3));
    String retry = post(Seed.PAGEVIEW_BODY).body().get("id").asText();
    String other = post(Seed.CTA_CLICK_BODY).body().get("id").asText();

    assertEquals(first, retry);
    assertNotEquals(first, other);
  }

  @Test
  void refusesARequestWithoutTheApplicationHeader() {
    Response response = invoke(ApiGatewayRequests.v2("POST", PATH, Map.of(), Seed.PAGEVIEW_BODY));

    assertEquals(401, response.status());
    assertTrue(
        response.body().get("detail").asText().contains("application header"),
        response.body()::toString);
    assertQueueEmpty();
  }

  @Test
  void refusesAMalformedApplicationHeader() {
    Response response = post(Map.of("application", "consumer-affairs"), Seed.PAGEVIEW_BODY);

    assertEquals(401, response.status());
    assertEquals(
        json("{\"detail\":\"Invalid application header: it must be a valid UUID.\"}"),
        response.body());
    assertQueueEmpty();
  }

  @Test
  void refusesAnUnknownApplication() {
    Response response =
        post(Map.of("application", UUID.randomUUID().toString()), Seed.PAGEVIEW_BODY);

    assertEquals(401, response.status());
    assertEquals(json("{\"detail\":\"Untrusted application.\"}"), response.body());
    assertQueueEmpty();
  }

  @Test
  void refusesADisabledApplication() {
    UUID disabled = aws.registerApplication(tables, "retired", false);

    Response response = post(Map.of("application", disabled.toString()), Seed.PAGEVIEW_BODY);

    assertEquals(401, response.status());
    assertEquals(json("{\"detail\":\"Untrusted application.\"}"), response.body());
  }

  @Test
  void readsTheApplicationHeaderInAnyCase() {
    for (String name : List.of("Application", "APPLICATION", "application")) {
      String event =
          ApiGatewayRequests.v1("POST", PATH, Map.of(name, Seed.APPLICATION), Seed.PAGEVIEW_BODY);
      assertEquals(202, invoke(event).status(), name);
    }
  }

  @Test
  void restApiPayloadFormat10IsHandledLikeHttpApi20() {
    Response v1 =
        invoke(
            ApiGatewayRequests.v1(
                "POST",
                "/api/v1/events",
                Map.of("Application", Seed.APPLICATION),
                Seed.CTA_CLICK_BODY));
    Response v2 = post(Seed.CTA_CLICK_BODY);

    assertEquals(202, v1.status());
    assertEquals(v2.body(), v1.body());
    assertEquals(2, aws.receive(queueUrl, 2, Duration.ofSeconds(5)).size());
  }

  @Test
  void acceptsABase64EncodedBody() {
    Response response =
        invoke(
            ApiGatewayRequests.v2Base64(
                PATH, Map.of("application", Seed.APPLICATION), Seed.FORM_SUBMIT_BODY));

    assertEquals(202, response.status());
    assertEquals("submit", onlyQueuedEvent().name());
  }

  @Test
  void answersABodyThatIsNotJsonWithAParseError() {
    Response response = post("{\"session_id\": \"e2085be5-9137-4e4e-80b5-f1ffddc25423\",");

    assertEquals(400, response.status());
    assertTrue(
        response.body().get("detail").asText().startsWith("JSON parse error - "),
        response.body()::toString);
    assertQueueEmpty();
  }

  @Test
  void answersAnEmptyBodyWithAParseError() {
    Response response = post("");

    assertEquals(400, response.status());
    assertEquals(
        json("{\"detail\":\"JSON parse error - the request body is empty\"}"), response.body());
  }

  @Test
  void refusesABodyOverTheLimitWith413() {
    String padding = "x".repeat(IngestConfig.DEFAULT_MAX_BODY_BYTES);
    Response response =
        post(Seed.PAGEVIEW_BODY.replace("\"path\": \"/\"", "\"path\": \"/" + padding + "\""));

    assertEquals(413, response.status());
    assertEquals(
        json(
            "{\"detail\":\"Request body is larger than "
                + IngestConfig.DEFAULT_MAX_BODY_BYTES
                + " bytes.\"}"),
        response.body());
    assertQueueEmpty();
  }

  @Test
  void aHundredEventArrayReachesTheQueueIntactInOneMessage() {
    List<String> bodies =
        IntStream.range(0, 100)
            .mapToObj(
                i -> Seed.PAGEVIEW_BODY.replace("\"path\": \"/\"", "\"path\": \"/page/" + i + "\""))
            .toList();

    Response response = post("[" + String.join(",", bodies) + "]");

    assertEquals(202, response.status());
    assertEquals(100, response.body().size());
    Set<String> answeredIds = new HashSet<>();
    response.body().forEach(event -> answeredIds.add(event.get("id").asText()));
    assertEquals(100, answeredIds.size(), "each event has its own id");

    List<Message> messages = aws.receive(queueUrl, 1, Duration.ofSeconds(10));
    assertEquals(1, messages.size(), "a hundred small events fit one message");
    Set<String> queuedPaths = new HashSet<>();
    Set<String> queuedIds = new HashSet<>();
    for (Message message : messages) {
      for (EventCodec.Decoded decoded : EventCodec.fromAnyMessage(message.body())) {
        Event event = decoded.event().orElseThrow();
        queuedIds.add(event.id());
        queuedPaths.add(event.data().get("path").asText());
      }
    }
    assertEquals(answeredIds, queuedIds);
    assertEquals(
        IntStream.range(0, 100).mapToObj(i -> "/page/" + i).collect(Collectors.toSet()),
        queuedPaths);
  }

  @Test
  void aBatchWithOneBadEventIsRefusedWholeAndQueuesNothing() {
    Response response =
        post("[" + Seed.PAGEVIEW_BODY + "," + Seed.CTA_CLICK_BODY + "," + Seed.ERROR_BODY + "]");

    assertEquals(400, response.status());
    assertEquals(
        json(
            "{\"2\":{\"name\":[\"This field is required.\"],\"data\":[\"This field is required.\"]}}"),
        response.body());
    assertQueueEmpty();
  }

  @Test
  void answers503WithRetryAfterWhenTheQueueIsDown() {
    try (SqsClient deadSqs =
        aws.impatientClientsFor(FreePorts.deadEndpoint()).build(SqsClient.builder())) {
      IngestHandler handler = handler(deadSqs, aws.dynamoDb());
      TestLambdaContext context = new TestLambdaContext();

      Response single = invoke(handler, v2(Seed.PAGEVIEW_BODY), context);
      Response batch =
          invoke(handler, v2("[" + Seed.PAGEVIEW_BODY + "," + Seed.CTA_CLICK_BODY + "]"), context);

      for (Response response : List.of(single, batch)) {
        assertEquals(503, response.status());
        assertEquals("5", response.headers().get("retry-after"));
        assertTrue(response.body().get("detail").asText().contains("retry later"));
      }
      assertTrue(context.logLines().getFirst().contains("\"status\":503"));
    }
  }

  @Test
  void answers503WhenTheApplicationsTableCannotBeRead() {
    try (DynamoDbClient deadDynamoDb =
        aws.impatientClientsFor(FreePorts.deadEndpoint()).dynamoDb()) {
      Response response =
          invoke(handler(aws.sqs(), deadDynamoDb), v2(Seed.PAGEVIEW_BODY), new TestLambdaContext());

      assertEquals(503, response.status());
      assertEquals("5", response.headers().get("retry-after"));
      assertQueueEmpty();
    }
  }

  @Test
  void revokingAnApplicationTakesEffectOnceTheCacheExpires() {
    IngestHandler handler = handler(aws.sqs(), aws.dynamoDb());
    assertEquals(202, invoke(handler, v2(Seed.PAGEVIEW_BODY), new TestLambdaContext()).status());

    aws.putApplication(tables, application, "consumer affairs", false);
    clock.advance(TRUSTED_TTL.minusSeconds(1));
    assertEquals(
        202,
        invoke(handler, v2(Seed.PAGEVIEW_BODY), new TestLambdaContext()).status(),
        "a warm environment trusts its cache until the TTL passes");

    clock.advance(Duration.ofSeconds(2));
    assertEquals(401, invoke(handler, v2(Seed.PAGEVIEW_BODY), new TestLambdaContext()).status());
  }

  @Test
  void aNewlyRegisteredApplicationIsTrustedOnceTheNegativeCacheExpires() {
    UUID newcomer = UUID.randomUUID();
    IngestHandler handler = handler(aws.sqs(), aws.dynamoDb());
    String request =
        ApiGatewayRequests.v2(
            "POST", PATH, Map.of("application", newcomer.toString()), Seed.PAGEVIEW_BODY);
    assertEquals(401, invoke(handler, request, new TestLambdaContext()).status());

    aws.putApplication(tables, newcomer, "newcomer", true);
    assertEquals(401, invoke(handler, request, new TestLambdaContext()).status());

    clock.advance(UNTRUSTED_TTL.plusSeconds(1));
    assertEquals(202, invoke(handler, request, new TestLambdaContext()).status());
  }

  @Test
  void answersOtherPathsWith404AndOtherMethodsWith405() {
    Response notFound =
        invoke(
            ApiGatewayRequests.v2(
                "POST", "/api/v1/sessions/", Map.of("application", Seed.APPLICATION), "{}"));
    Response notAllowed =
        invoke(
            ApiGatewayRequests.v2("DELETE", PATH, Map.of("application", Seed.APPLICATION), null));

    assertEquals(404, notFound.status());
    assertEquals(json("{\"detail\":\"Not found.\"}"), notFound.body());
    assertEquals(405, notAllowed.status());
    assertEquals("POST", notAllowed.headers().get("allow"));
    assertEquals(json("{\"detail\":\"Method \\\"DELETE\\\" not allowed.\"}"), notAllowed.body());
  }

  @Test
  void logsOneStructuredLinePerRequestWithoutTheBody() {
    TestLambdaContext context = new TestLambdaContext();

    invoke(
        handler(aws.sqs(), aws.dynamoDb()),
        v2("[" + Seed.PAGEVIEW_BODY + "," + Seed.CTA_CLICK_BODY + "]"),
        context);

    assertEquals(1, context.logLines().size());
    JsonNode line = json(context.logLines().getFirst());
    assertEquals("INFO", line.get("level").asText());
    assertEquals("ingest request", line.get("message").asText());
    assertEquals(202, line.get("status").asInt());
    assertEquals(Seed.APPLICATION, line.get("application").asText());
    assertEquals(2, line.get("events").asInt());
    assertTrue(line.has("latency_ms"));
    assertFalse(
        context.logLines().getFirst().contains("consumeraffairs"),
        "event contents stay out of logs");
  }

  @Test
  void snapStartPrimingEnqueuesAndRegistersNothingAndLeavesTheHandlerServing() {
    IngestHandler handler = handler(aws.sqs(), aws.dynamoDb());

    handler.beforeCheckpoint(null);

    assertQueueEmpty();
    assertEquals(
        List.of(application.toString()), registeredApplications(), "priming registers nothing");
    assertEquals(202, invoke(handler, v2(Seed.PAGEVIEW_BODY), new TestLambdaContext()).status());
  }

  @Test
  void thePrimingTwinTakesTheAcceptedPathWithoutEnqueuingAndOnlyItTrustsThePrimingId() {
    IngestService live = IngestService.create(config(), aws.sqs(), aws.dynamoDb(), clock);
    UUID primingApplication = UUID.randomUUID();
    IngestService twin = live.forPriming(primingApplication);
    String batch = "[" + Seed.PAGEVIEW_BODY + "," + Seed.CTA_CLICK_BODY + "]";

    IngestOutcome single = twin.handle(request(primingApplication, Seed.PAGEVIEW_BODY));
    IngestOutcome many = twin.handle(request(primingApplication, batch));
    IngestOutcome stranger = twin.handle(request(UUID.randomUUID(), Seed.PAGEVIEW_BODY));
    IngestOutcome registered = twin.handle(request(application, Seed.PAGEVIEW_BODY));

    assertEquals(202, single.response().status());
    assertEquals(2, many.events());
    assertEquals(401, stranger.response().status(), "other ids are looked up as usual");
    assertEquals(202, registered.response().status());
    assertQueueEmpty();
    assertEquals(
        401, live.handle(request(primingApplication, Seed.PAGEVIEW_BODY)).response().status());
  }

  @Test
  void snapStartPrimingNeverFailsTheSnapshotEvenWhenTheTableIsUnreachable() {
    try (DynamoDbClient deadDynamoDb =
        aws.impatientClientsFor(FreePorts.deadEndpoint()).dynamoDb()) {
      IngestHandler handler = handler(aws.sqs(), deadDynamoDb);

      assertDoesNotThrow(() -> handler.beforeCheckpoint(null));
      assertQueueEmpty();
    }
  }

  // --- the application as a query parameter, for browsers (sendBeacon, CORS-simple fetch) ---

  @Test
  void acceptsTheApplicationAsAQueryParameterAndATextPlainBody() {
    Response response =
        invoke(
            ApiGatewayRequests.v2WithQuery(
                PATH,
                Map.of("application", Seed.APPLICATION),
                Map.of("content-type", "text/plain;charset=UTF-8"),
                Seed.PAGEVIEW_BODY));

    assertEquals(202, response.status(), response.body()::toString);
    assertEquals(application, onlyQueuedEvent().application());
  }

  @Test
  void restApiPayloadFormat10CarriesTheApplicationParameterToo() {
    ObjectNode event =
        (ObjectNode) json(ApiGatewayRequests.v1("POST", PATH, Map.of(), Seed.PAGEVIEW_BODY));
    event.putObject("queryStringParameters").put("application", Seed.APPLICATION);

    assertEquals(202, invoke(event.toString()).status());
  }

  @Test
  void refusesAHeaderAndAParameterThatNameDifferentApplicationsWith400() {
    Response response =
        invoke(
            ApiGatewayRequests.v2WithQuery(
                PATH,
                Map.of("application", UUID.randomUUID().toString()),
                Map.of("application", Seed.APPLICATION),
                Seed.PAGEVIEW_BODY));

    assertEquals(400, response.status());
    assertEquals(
        json("{\"detail\":\"The application header and the application query parameter differ.\"}"),
        response.body());
    assertQueueEmpty();
  }

  @Test
  void acceptsAHeaderAndAParameterThatNameTheSameApplication() {
    Response response =
        invoke(
            ApiGatewayRequests.v2WithQuery(
                PATH,
                Map.of("application", Seed.APPLICATION.toUpperCase(java.util.Locale.ROOT)),
                Map.of("application", Seed.APPLICATION),
                Seed.PAGEVIEW_BODY));

    assertEquals(202, response.status(), response.body()::toString);
  }

  @Test
  void refusesAMalformedOrUnknownApplicationParameterWith401() {
    Response malformed =
        invoke(
            ApiGatewayRequests.v2WithQuery(
                PATH, Map.of("application", "consumer-affairs"), Map.of(), Seed.PAGEVIEW_BODY));
    Response unknown =
        invoke(
            ApiGatewayRequests.v2WithQuery(
                PATH,
                Map.of("application", UUID.randomUUID().toString()),
                Map.of(),
                Seed.PAGEVIEW_BODY));

    assertEquals(401, malformed.status());
    assertEquals(
        json("{\"detail\":\"Invalid application query parameter: it must be a valid UUID.\"}"),
        malformed.body());
    assertEquals(401, unknown.status());
    assertEquals(json("{\"detail\":\"Untrusted application.\"}"), unknown.body());
    assertQueueEmpty();
  }

  // --- helpers ---

  private IngestHandler handler(SqsClient sqs, DynamoDbClient dynamoDb) {
    return new IngestHandler(IngestService.create(config(), sqs, dynamoDb, clock));
  }

  private IngestConfig config() {
    return new IngestConfig(
        tables.applications(),
        queueUrl,
        IngestConfig.DEFAULT_MAX_BODY_BYTES,
        IngestConfig.DEFAULT_MAX_BATCH_EVENTS,
        TRUSTED_TTL,
        UNTRUSTED_TTL);
  }

  private static HttpRequest request(UUID application, String body) {
    return new HttpRequest(
        "POST",
        PATH,
        Map.of("application", application.toString()),
        Map.of(),
        body.getBytes(StandardCharsets.UTF_8));
  }

  private List<String> registeredApplications() {
    return aws.dynamoDb().scan(b -> b.tableName(tables.applications())).items().stream()
        .map(item -> item.get(TableLayout.APPLICATION_ID).s())
        .toList();
  }

  private Response post(String body) {
    return post(Map.of("application", Seed.APPLICATION), body);
  }

  private Response post(Map<String, String> headers, String body) {
    return invoke(ApiGatewayRequests.v2("POST", PATH, headers, body));
  }

  private static String v2(String body) {
    return ApiGatewayRequests.v2("POST", PATH, Map.of("application", Seed.APPLICATION), body);
  }

  private Response invoke(String apiGatewayEvent) {
    return invoke(handler(aws.sqs(), aws.dynamoDb()), apiGatewayEvent, new TestLambdaContext());
  }

  private static Response invoke(
      IngestHandler handler, String apiGatewayEvent, TestLambdaContext context) {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    try {
      handler.handleRequest(
          new ByteArrayInputStream(apiGatewayEvent.getBytes(StandardCharsets.UTF_8)),
          output,
          context);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    JsonNode proxyResponse = json(output.toString(StandardCharsets.UTF_8));
    assertEquals("application/json", proxyResponse.path("headers").path("content-type").asText());
    Map<String, String> headers = new java.util.HashMap<>();
    proxyResponse
        .path("headers")
        .fields()
        .forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
    return new Response(
        proxyResponse.get("statusCode").asInt(), headers, json(proxyResponse.get("body").asText()));
  }

  private Event onlyQueuedEvent() {
    List<Message> messages = aws.receive(queueUrl, 1, Duration.ofSeconds(5));
    assertEquals(1, messages.size());
    return EventCodec.fromMessage(messages.getFirst().body());
  }

  private void assertQueueEmpty() {
    assertEquals(0, aws.approximateDepth(queueUrl), "nothing may be queued");
  }

  private static JsonNode json(String text) {
    return ApiGatewayRequests.parse(text);
  }

  private record Response(int status, Map<String, String> headers, JsonNode body) {}
}

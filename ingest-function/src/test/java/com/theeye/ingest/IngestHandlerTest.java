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
import com.theeye.event.JsonNumbers;
import com.theeye.http.HttpRequest;
import com.theeye.store.ApplicationItems;
import com.theeye.store.TableLayout;
import com.theeye.store.TableNames;
import com.theeye.store.TrustedApplication;
import com.theeye.testsupport.AwsEmulators;
import com.theeye.testsupport.AwsTestEnvironment;
import com.theeye.testsupport.MutableClock;
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
  private static final String METRICS_NAMESPACE = "TheEye/test";

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
  void anonymousIdAndUserIdAreKeptAndAnEventWithoutThemKeepsItsId() {
    String plain = post(Seed.PAGEVIEW_BODY).body().get("id").asText();
    onlyQueuedEvent();
    String withIdentity =
        Seed.PAGEVIEW_BODY.replace(
            "\"category\"", "\"anonymous_id\": \"a-1\", \"user_id\": \" u42 \", \"category\"");

    Response response = post(withIdentity);

    assertEquals(202, response.status());
    Event queued = onlyQueuedEvent();
    assertEquals("a-1", queued.identity().anonymousId().orElseThrow());
    assertEquals("u42", queued.identity().userId().orElseThrow(), "trimmed, as name is");
    assertEquals("u42", response.body().get("user_id").asText());
    assertNotEquals(plain, queued.id());
    assertEquals(
        Event.identified(
                application,
                queued.sessionId(),
                queued.category(),
                queued.name(),
                queued.data(),
                queued.timestamp(),
                queued.receivedAt())
            .id(),
        plain);
  }

  @Test
  void anIdentityFieldBreakingTheRulesOfNameIsA400NamingIt() {
    String tooLong =
        Seed.PAGEVIEW_BODY.replace(
            "\"category\"",
            "\"user_id\": \"" + "u".repeat(201) + "\", \"anonymous_id\": 7, \"category\"");

    Response response = post(tooLong);

    assertEquals(400, response.status());
    assertEquals(
        json(
            "{\"anonymous_id\":[\"Not a valid string.\"],"
                + "\"user_id\":[\"Ensure this field has no more than 200 characters.\"]}"),
        response.body());
  }

  @Test
  void sentAtCorrectsTheTimestampForTheClientsClockAndARetryKeepsTheId() {
    // The client's clock is a year ahead; it held the event 2 s before sending it.
    String skewed =
        Seed.PAGEVIEW_BODY
            .replace("2021-01-01 09:15:27.243860", "2027-11-29T12:00:00Z")
            .replace("\"category\"", "\"sent_at\": \"2027-11-29T12:00:02Z\", \"category\"");
    String retried = skewed.replace("12:00:02Z", "12:00:32Z");

    Response first = post(skewed);
    clock.advance(Duration.ofSeconds(30));
    Response retry = post(retried);

    assertEquals(202, first.status());
    assertEquals("2026-11-29T11:59:58.123456Z", first.body().get("timestamp").asText());
    assertEquals("2027-11-29T12:00:00.000000Z", first.body().get("original_timestamp").asText());
    assertEquals(first.body().get("id"), retry.body().get("id"));
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
      for (EventCodec.DecodedEvent decoded : EventCodec.fromAnyMessage(message.body())) {
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
  void answersOtherPathsWith404() {
    Response notFound =
        invoke(
            ApiGatewayRequests.v2(
                "POST", "/api/v1/sessions/", Map.of("application", Seed.APPLICATION), "{}"));

    assertEquals(404, notFound.status());
    assertEquals(json("{\"detail\":\"Not found.\"}"), notFound.body());
  }

  @Test
  void answersTheMethodsTheTemplateRoutesHereWith405AndWhatThePathServesAndQueuesNothing() {
    // A trusted application and a valid event: only the method is wrong.
    Map<String, String> trusted = Map.of("application", Seed.APPLICATION);
    for (String method : List.of("PUT", "PATCH", "DELETE", "HEAD")) {
      for (String path : List.of("/api/v1/events", "/api/v1/events/")) {
        Response notAllowed =
            invoke(ApiGatewayRequests.v2(method, path, trusted, Seed.PAGEVIEW_BODY));

        assertEquals(405, notAllowed.status(), method + " " + path);
        assertEquals("GET, POST", notAllowed.headers().get("allow"), method + " " + path);
        assertEquals(
            json("{\"detail\":\"Method \\\"" + method + "\\\" not allowed.\"}"), notAllowed.body());
      }
    }
    for (String method : List.of("POST", "PUT", "PATCH", "DELETE", "HEAD")) {
      for (String path :
          List.of(
              "/api/v1/invalid-events",
              "/api/v1/invalid-events/",
              "/api/v1/recent",
              "/api/v1/recent/")) {
        Response notAllowed =
            invoke(ApiGatewayRequests.v2(method, path, trusted, Seed.PAGEVIEW_BODY));

        assertEquals(405, notAllowed.status(), method + " " + path);
        assertEquals("GET", notAllowed.headers().get("allow"), method + " " + path);
      }
    }
    assertQueueEmpty();
  }

  @Test
  void logsOneStructuredLinePerRequestWithoutTheBody() {
    TestLambdaContext context = new TestLambdaContext();

    postTwoEvents(context);

    assertEquals(2, context.logLines().size(), "the request's line, then its metric line");
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
  void everyLineCarriesItsInvocationsRequestIdAndTraceAndOnlyTheFirstIsTheColdStart() {
    IngestHandler handler = handler(aws.sqs(), aws.dynamoDb());
    TestLambdaContext first =
        TestLambdaContext.traced(
            "Root=1-6a1b2c3d-0123456789abcdef01234567;Parent=53995c3f42cd8ad8;Sampled=1");
    TestLambdaContext second = new TestLambdaContext();
    TestLambdaContext refused = new TestLambdaContext();

    invoke(handler, v2(Seed.PAGEVIEW_BODY), first);
    invoke(handler, v2(Seed.PAGEVIEW_BODY), second);
    invoke(
        handler,
        v2(Seed.PAGEVIEW_BODY).replace(Seed.APPLICATION, UUID.randomUUID().toString()),
        refused);

    assertEquals(2, first.logLines().size(), "the request line and its metric line");
    for (String text : first.logLines()) {
      JsonNode line = json(text);
      assertEquals(first.getAwsRequestId(), line.get("function_request_id").asText(), text);
      assertTrue(line.get("cold_start").asBoolean(), text);
      assertEquals("1-6a1b2c3d-0123456789abcdef01234567", line.get("xray_trace_id").asText());
    }
    for (TestLambdaContext later : List.of(second, refused)) {
      for (String text : later.logLines()) {
        JsonNode line = json(text);
        assertEquals(later.getAwsRequestId(), line.get("function_request_id").asText(), text);
        assertFalse(line.get("cold_start").asBoolean(), text);
        assertFalse(line.has("xray_trace_id"), "an untraced invocation has none: " + text);
      }
    }
    assertNotEquals(first.getAwsRequestId(), second.getAwsRequestId());
  }

  @Test
  void publishesEventsAcceptedForTheApplicationInOneEmbeddedMetricLine() {
    TestLambdaContext context = new TestLambdaContext();

    postTwoEvents(context);

    JsonNode metrics = json(context.logLines().getLast());
    assertEquals(
        json(
            "{\"Namespace\":\"TheEye/test\",\"Dimensions\":[[\"Application\"],[\"Accounting\"]],"
                + "\"Metrics\":[{\"Name\":\"EventsAccepted\",\"Unit\":\"Count\"}]}"),
        metrics.at("/_aws/CloudWatchMetrics/0"));
    assertEquals(Seed.APPLICATION, metrics.get("Application").asText());
    assertEquals("AllApplications", metrics.get("Accounting").asText(), "rolled up for the alarm");
    assertEquals(2, metrics.get("EventsAccepted").asInt());
    assertEquals(
        0,
        metrics.at("/_aws/Timestamp").asLong() % 60_000,
        "counted under the minute the events were received in, as their outcomes are");
  }

  @Test
  void publishesNoMetricForARefusedRequest() {
    TestLambdaContext context = new TestLambdaContext();

    invoke(
        handler(aws.sqs(), aws.dynamoDb()),
        v2(Seed.PAGEVIEW_BODY).replace(Seed.APPLICATION, UUID.randomUUID().toString()),
        context);

    // An untrusted sender's header never becomes a dimension value.
    assertEquals(1, context.logLines().size(), context.logLines().toString());
    assertTrue(context.logLines().getFirst().contains("\"status\":401"));
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
    IngestService live =
        IngestService.create(config(), aws.sqs(), aws.dynamoDb(), clock, Seed.RECEIPT_KEYS);
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

  @Test
  void aNumberOutOfRangeIsA400AndNoLogLineCarriesIt() {
    for (String number : HostileInputTest.NUMBERS_OUT_OF_RANGE) {
      TestLambdaContext context = new TestLambdaContext();

      Response response =
          invoke(
              handler(aws.sqs(), aws.dynamoDb()), v2(HostileInputTest.withPath(number)), context);

      assertEquals(400, response.status(), number);
      assertEquals(
          json("{\"data\":[\"" + JsonNumbers.OUT_OF_RANGE + "\"]}"), response.body(), number);
      String lines = String.join("\n", context.logLines());
      assertTrue(lines.contains("\"problem\":\"number out of range\""), lines);
      for (String part : List.of(number, number.toUpperCase(java.util.Locale.ROOT), "99999999")) {
        assertFalse(lines.contains(part), lines);
      }
      assertFalse(lines.contains("\"path\"") || lines.contains("consumeraffairs"), lines);
    }
    assertQueueEmpty();
  }

  // --- Content-Encoding: gzip ---

  @Test
  void acceptsAGzipBodyBase64EncodedAsApiGatewayPassesIt() {
    Response response = invoke(gzipEvent(gzip(Seed.FORM_SUBMIT_BODY), "gzip"));

    assertEquals(202, response.status(), response.body()::toString);
    assertEquals("submit", onlyQueuedEvent().name());
  }

  @Test
  void refusesAZipBombWith413QuicklyAndQueuesNothing() {
    // About 1 GB once inflated, under 1 MB as sent: gzip members of 10 MB of zeros, back to back.
    byte[] member = RequestBodiesTest.gzip(new byte[10 * 1024 * 1024]);
    java.io.ByteArrayOutputStream bomb = new java.io.ByteArrayOutputStream();
    while (bomb.size() + member.length < IngestConfig.DEFAULT_MAX_BODY_BYTES) {
      bomb.writeBytes(member);
    }

    long started = System.nanoTime();
    Response response = invoke(gzipEvent(bomb.toByteArray(), "gzip"));
    long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

    assertEquals(413, response.status());
    assertEquals(
        json(
            "{\"detail\":\"Request body is larger than "
                + IngestConfig.DEFAULT_MAX_BODY_BYTES
                + " bytes once decompressed.\"}"),
        response.body());
    assertTrue(elapsedMillis < 5_000, elapsedMillis + " ms");
    assertQueueEmpty();
  }

  @Test
  void refusesOtherContentEncodingsWith415() {
    Response response = invoke(gzipEvent(gzip(Seed.PAGEVIEW_BODY), "br"));

    assertEquals(415, response.status());
    assertEquals(
        json(
            "{\"detail\":\"Unsupported Content-Encoding \\\"br\\\" in request: send the body as is"
                + " or gzip-compressed.\"}"),
        response.body());
    assertQueueEmpty();
  }

  @Test
  void refusesAGzipBodyThatDoesNotInflateWith400() {
    Response response =
        invoke(gzipEvent(Seed.PAGEVIEW_BODY.getBytes(StandardCharsets.UTF_8), "gzip"));

    assertEquals(400, response.status());
    assertTrue(
        response
            .body()
            .get("detail")
            .asText()
            .startsWith("The gzip-encoded body cannot be decompressed: "),
        response.body()::toString);
    assertQueueEmpty();
  }

  // --- limits: MAX_EVENT_BYTES, MAX_BODY_BYTES, MAX_BATCH_EVENTS ---

  @Test
  void refusesAnEventLargerThanMaxEventBytesNamingTheLimitAndQueuesNothing() {
    String large =
        Seed.PAGEVIEW_BODY.replace(
            "\"path\": \"/\"",
            "\"path\": \"/" + "x".repeat(IngestConfig.DEFAULT_MAX_EVENT_BYTES) + "\"");

    Response single = post(large);
    Response batch = post("[" + Seed.PAGEVIEW_BODY + "," + large + "]");

    String message =
        "Ensure this event has no more than "
            + IngestConfig.DEFAULT_MAX_EVENT_BYTES
            + " bytes (MAX_EVENT_BYTES), counted as compact JSON.";
    assertEquals(400, single.status());
    assertEquals(message, single.body().get("non_field_errors").get(0).asText());
    assertEquals(400, batch.status());
    assertEquals(message, batch.body().get("1").get("non_field_errors").get(0).asText());
    assertQueueEmpty();
  }

  @Test
  void aFullRequestOfMaxBatchEventsReachesTheQueueInSeveralBatchCalls() {
    // Events of about 2 KB: 500 of them make a body just under the 1 MiB default.
    String padding = "p".repeat(1_800);
    List<String> bodies =
        IntStream.range(0, IngestConfig.DEFAULT_MAX_BATCH_EVENTS)
            .mapToObj(
                i ->
                    Seed.PAGEVIEW_BODY.replace(
                        "\"path\": \"/\"",
                        "\"path\": \"/" + i + "\", \"pad\": \"" + padding + "\""))
            .toList();
    String body = "[" + String.join(",", bodies) + "]";
    assertTrue(body.length() > 900_000 && body.length() <= IngestConfig.DEFAULT_MAX_BODY_BYTES);

    Response response = post(body);

    assertEquals(202, response.status(), () -> response.body().toString());
    assertEquals(IngestConfig.DEFAULT_MAX_BATCH_EVENTS, response.body().size());
    // Packed: about 1.1 MB of messages in 256 KiB each, so a handful of messages, not 500.
    Set<String> queuedPaths = new HashSet<>();
    int messages = 0;
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (queuedPaths.size() < IngestConfig.DEFAULT_MAX_BATCH_EVENTS
        && System.nanoTime() < deadline) {
      for (Message message : aws.receive(queueUrl, 1, Duration.ofSeconds(5))) {
        messages++;
        for (EventCodec.DecodedEvent decoded : EventCodec.fromAnyMessage(message.body())) {
          queuedPaths.add(decoded.event().orElseThrow().data().get("path").asText());
        }
      }
    }
    assertEquals(IngestConfig.DEFAULT_MAX_BATCH_EVENTS, queuedPaths.size());
    assertTrue(messages >= 4 && messages <= 10, "messages: " + messages);
  }

  @Test
  void refusesMoreThanMaxBatchEventsNamingTheLimit() {
    String body =
        "["
            + String.join(
                ",",
                java.util.Collections.nCopies(
                    IngestConfig.DEFAULT_MAX_BATCH_EVENTS + 1, Seed.PAGEVIEW_BODY))
            + "]";

    Response response = post(body);

    assertEquals(400, response.status());
    assertEquals(
        json(
            "{\"non_field_errors\":[\"Ensure this field has no more than "
                + IngestConfig.DEFAULT_MAX_BATCH_EVENTS
                + " elements.\"]}"),
        response.body());
    assertQueueEmpty();
  }

  // --- per-application allowed origins ---

  @Test
  void anApplicationWithOriginsAcceptsThemAndRequestsWithoutAnOrigin() {
    UUID shop = registerWithOrigins("https://shop.example", "http://localhost:3000");

    for (Map<String, String> headers :
        List.of(
            Map.of("application", shop.toString(), "origin", "https://shop.example"),
            Map.of("application", shop.toString(), "origin", "http://LOCALHOST:3000"),
            Map.of("application", shop.toString()))) {
      assertEquals(202, post(headers, Seed.PAGEVIEW_BODY).status(), headers.toString());
    }
  }

  @Test
  void refusesAnOriginTheApplicationDoesNotAllowWith403() {
    UUID shop = registerWithOrigins("https://shop.example");

    Response other =
        post(
            Map.of("application", shop.toString(), "origin", "https://evil.example"),
            Seed.PAGEVIEW_BODY);
    Response opaque =
        post(Map.of("application", shop.toString(), "origin", "null"), Seed.PAGEVIEW_BODY);

    assertEquals(403, other.status());
    assertEquals(
        json(
            "{\"detail\":\"The origin https://evil.example may not send events for this"
                + " application.\"}"),
        other.body());
    assertEquals(403, opaque.status());
    assertQueueEmpty();
  }

  @Test
  void anApplicationWithoutOriginsAcceptsAnyOrigin() {
    Response response =
        post(
            Map.of("application", Seed.APPLICATION, "origin", "https://anywhere.example"),
            Seed.PAGEVIEW_BODY);

    assertEquals(202, response.status());
  }

  @Test
  void originsAreCachedWithTheTrustedVerdict() {
    UUID shop = registerWithOrigins("https://shop.example");
    IngestHandler handler = handler(aws.sqs(), aws.dynamoDb());
    String fromNewSite =
        ApiGatewayRequests.v2(
            "POST",
            PATH,
            Map.of("application", shop.toString(), "origin", "https://new.shop.example"),
            Seed.PAGEVIEW_BODY);
    assertEquals(403, invoke(handler, fromNewSite, new TestLambdaContext()).status());

    putApplication(shop, List.of("https://shop.example", "https://new.shop.example"));
    assertEquals(403, invoke(handler, fromNewSite, new TestLambdaContext()).status());

    clock.advance(TRUSTED_TTL.plusSeconds(1));
    assertEquals(202, invoke(handler, fromNewSite, new TestLambdaContext()).status());
  }

  // --- enrichment: user agent and truncated address, beside the event ---

  @Test
  void queuesTheUserAgentAndTheTruncatedAddressBesideTheEvent() {
    Response response = invoke(fromCaller("198.51.100.23", "Mozilla/5.0 (X11; Linux x86_64)"));
    Event queued = onlyQueuedEvent();

    assertEquals(202, response.status());
    assertEquals(java.util.Optional.of("198.51.100.0"), queued.context().address());
    assertEquals(
        java.util.Optional.of("Mozilla/5.0 (X11; Linux x86_64)"), queued.context().userAgent());
    assertFalse(queued.data().has("user_agent") || queued.data().has("ip"), "never inside data");
    assertFalse(response.body().has("context"), "the echo stays the seed's");
  }

  @Test
  void readsRestApiPayload10sIdentityAndTruncatesIpv6ToItsSlash48() {
    ObjectNode request =
        (ObjectNode)
            json(
                ApiGatewayRequests.v1(
                    "POST", PATH, Map.of("application", Seed.APPLICATION), Seed.PAGEVIEW_BODY));
    ((ObjectNode) request.path("requestContext"))
        .putObject("identity")
        .put("sourceIp", "2001:db8:1234:5678::42")
        .put("userAgent", "curl/8.5.0");

    assertEquals(202, invoke(request.toString()).status());
    Event queued = onlyQueuedEvent();

    assertEquals(java.util.Optional.of("2001:db8:1234::"), queued.context().address());
    assertEquals(java.util.Optional.of("curl/8.5.0"), queued.context().userAgent());
  }

  @Test
  void withAddressCaptureOffNoAddressIsQueued() {
    IngestHandler handler =
        handler(
            aws.sqs(),
            aws.dynamoDb(),
            config(
                IngestConfig.DEFAULT_MAX_BODY_BYTES, IngestConfig.DEFAULT_MAX_EVENT_BYTES, false));

    assertEquals(202, invoke(handler, v2(Seed.PAGEVIEW_BODY), new TestLambdaContext()).status());
    List<Message> messages = aws.receive(queueUrl, 1, Duration.ofSeconds(5));
    Event queued = EventCodec.fromMessage(messages.getFirst().body());

    assertEquals(java.util.Optional.empty(), queued.context().address());
    assertFalse(messages.getFirst().body().contains("203.0.113"), "no address at all");
  }

  @Test
  void theEventIdDoesNotDependOnWhoSentIt() {
    String first = post(Seed.PAGEVIEW_BODY).body().get("id").asText();
    String second = invoke(fromCaller("192.0.2.200", "another browser")).body().get("id").asText();

    assertEquals(first, second);
  }

  // --- helpers ---

  private IngestHandler handler(SqsClient sqs, DynamoDbClient dynamoDb) {
    return handler(sqs, dynamoDb, config());
  }

  private IngestConfig config() {
    return config(IngestConfig.DEFAULT_MAX_BODY_BYTES, IngestConfig.DEFAULT_MAX_EVENT_BYTES, true);
  }

  private IngestHandler handler(SqsClient sqs, DynamoDbClient dynamoDb, IngestConfig config) {
    return new IngestHandler(
        IngestService.create(config, sqs, dynamoDb, clock, Seed.RECEIPT_KEYS),
        config.metricsNamespace());
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

  private IngestConfig config(int maxBodyBytes, int maxEventBytes, boolean captureClientAddress) {
    return new IngestConfig(
        tables.applications(),
        queueUrl,
        maxBodyBytes,
        IngestConfig.DEFAULT_MAX_BATCH_EVENTS,
        maxEventBytes,
        TRUSTED_TTL,
        UNTRUSTED_TTL,
        captureClientAddress,
        METRICS_NAMESPACE,
        tables.events(),
        tables.invalidEvents(),
        tables.deletions(),
        Seed.SECRET_ARN,
        Duration.ofSeconds(300));
  }

  private UUID registerWithOrigins(String... origins) {
    UUID id = UUID.randomUUID();
    putApplication(id, List.of(origins));
    return id;
  }

  private void putApplication(UUID id, List<String> origins) {
    aws.dynamoDb()
        .putItem(
            b ->
                b.tableName(tables.applications())
                    .item(
                        ApplicationItems.toItem(
                            new TrustedApplication(id, "shop", true, clock.instant(), origins))));
  }

  /** The seed pageview as a 2.0 event from this address and user agent. */
  private static String fromCaller(String sourceIp, String userAgent) {
    ObjectNode request = (ObjectNode) json(v2(Seed.PAGEVIEW_BODY));
    ((ObjectNode) request.path("requestContext").path("http"))
        .put("sourceIp", sourceIp)
        .put("userAgent", userAgent);
    return request.toString();
  }

  /** A 2.0 event whose body API Gateway passes base64-encoded, as it does a content-encoded one. */
  private static String gzipEvent(byte[] body, String encoding) {
    ObjectNode event =
        (ObjectNode)
            json(
                ApiGatewayRequests.v2(
                    "POST",
                    PATH,
                    Map.of(
                        "application",
                        Seed.APPLICATION,
                        "content-encoding",
                        encoding,
                        "content-type",
                        "application/json"),
                    null));
    event.put("body", java.util.Base64.getEncoder().encodeToString(body));
    event.put("isBase64Encoded", true);
    return event.toString();
  }

  private static byte[] gzip(String text) {
    return RequestBodiesTest.gzip(text.getBytes(StandardCharsets.UTF_8));
  }

  private Response post(String body) {
    return post(Map.of("application", Seed.APPLICATION), body);
  }

  private Response post(Map<String, String> headers, String body) {
    return invoke(ApiGatewayRequests.v2("POST", PATH, headers, body));
  }

  private void postTwoEvents(TestLambdaContext context) {
    invoke(
        handler(aws.sqs(), aws.dynamoDb()),
        v2("[" + Seed.PAGEVIEW_BODY + "," + Seed.CTA_CLICK_BODY + "]"),
        context);
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

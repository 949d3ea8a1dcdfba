package com.theeye.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.theeye.event.ExactJson;
import com.theeye.store.EventItems;
import com.theeye.store.InvalidEventItems;
import com.theeye.store.TableLayout;
import com.theeye.testsupport.Eventually;
import com.theeye.testsupport.Fixtures;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The local runner end to end, one runner for the class: HTTP in, events stored in dynalite and
 * read back, and requests as API Gateway routes them. Stops and starts are {@link
 * LocalEyeRestartTest}'s.
 */
class LocalEyeTest {

  private static final String APPLICATION = LocalSettings.SEED_APPLICATION.toString();
  private static final Duration STORED_WITHIN = Duration.ofSeconds(60);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path data;
  private static LocalEye eye;

  @BeforeAll
  static void start() {
    eye = LocalEyeRestartTest.start(data);
  }

  @AfterAll
  static void stop() {
    if (eye != null) {
      eye.close();
    }
  }

  @Test
  void seedExamplesPostedOverHttpAreStoredAndInvalidOnesKeptWithTheirErrors() throws Exception {
    String session = UUID.randomUUID().toString();
    List<String> validIds = new ArrayList<>();
    for (String body :
        List.of(pageview(session, "/"), ctaClick(session, "chat bubble"), formSubmit(session))) {
      HttpResponse<String> response = post(eye, body);
      assertEquals(202, response.statusCode(), response::body);
      validIds.add(json(response.body()).get("id").asText());
    }
    HttpResponse<String> missingElement = post(eye, ctaClick(session, null));
    HttpResponse<String> future =
        post(
            eye,
            pageview(session, "/").replace("2021-01-01 09:15:27.243860", "2999-01-01T00:00:00Z"));
    HttpResponse<String> seedError =
        post(
            eye,
            "{\"session_id\": \""
                + session
                + "\", \"category\": \"page interaction\", \"timestamp\": \"2021-01-01 09:15:27.243860\"}");

    assertEquals(400, seedError.statusCode());
    assertEquals(202, missingElement.statusCode());
    assertEquals(202, future.statusCode());

    List<Map<String, AttributeValue>> stored =
        Eventually.await(
            STORED_WITHIN,
            () -> sessionEvents(eye.dynamoDb(), session),
            items -> items.size() == 3,
            "3 stored events");
    assertEquals(
        validIds.stream().sorted().toList(),
        stored.stream().map(i -> i.get(EventItems.ID).s()).sorted().toList());

    Map<String, AttributeValue> schemaViolation =
        awaitInvalid(eye, json(missingElement.body()).get("id").asText());
    assertEquals("schema violation", schemaViolation.get(InvalidEventItems.REASON).s());
    assertTrue(
        schemaViolation.get(InvalidEventItems.ERRORS).toString().contains("data.element"),
        schemaViolation::toString);
    Map<String, AttributeValue> futureEvent =
        awaitInvalid(eye, json(future.body()).get("id").asText());
    assertEquals("timestamp in the future", futureEvent.get(InvalidEventItems.REASON).s());
  }

  @Test
  void seedExamplesPostedOverHttpAreReadBackThroughTheQueryEndpoints() throws Exception {
    String session = UUID.randomUUID().toString();
    List<String> validIds = new ArrayList<>();
    for (String body :
        List.of(pageview(session, "/"), ctaClick(session, "chat bubble"), formSubmit(session))) {
      HttpResponse<String> response = post(eye, body);
      assertEquals(202, response.statusCode(), response::body);
      validIds.add(json(response.body()).get("id").asText());
    }
    String invalidId = json(post(eye, ctaClick(session, null)).body()).get("id").asText();

    JsonNode bySession =
        Eventually.await(
            STORED_WITHIN,
            () -> getJson(eye, "/api/v1/events/?session_id=" + session),
            body -> body.path("results").size() == 3,
            "the session's 3 events");
    assertEquals(validIds.stream().sorted().toList(), ids(bySession).stream().sorted().toList());
    assertTrue(bySession.path("next").isNull());

    String day = "&from=2021-01-01T00:00:00Z&to=2021-01-02T00:00:00Z";
    JsonNode byCategory =
        getJson(eye, "/api/v1/events?category=page%20interaction&name=cta%20click" + day);
    assertTrue(ids(byCategory).contains(validIds.get(1)), byCategory::toString);
    assertTrue(!ids(byCategory).contains(validIds.get(0)), byCategory::toString);
    List<String> byTime = new ArrayList<>();
    String cursor = "";
    do {
      JsonNode page = getJson(eye, "/api/v1/events/?limit=1" + day + cursor);
      byTime.addAll(ids(page));
      cursor = page.path("next").isNull() ? null : "&cursor=" + page.path("next").asText();
    } while (cursor != null);
    assertTrue(byTime.containsAll(validIds), byTime::toString);

    java.time.Instant now = java.time.Instant.now();
    String receivedRange =
        "&from=" + now.minus(Duration.ofDays(1)) + "&to=" + now.plus(Duration.ofDays(1));
    JsonNode invalid =
        Eventually.await(
            STORED_WITHIN,
            () ->
                getJson(eye, "/api/v1/invalid-events/?application=" + APPLICATION + receivedRange),
            body -> ids(body).contains(invalidId),
            "the invalid event");
    assertTrue(invalid.toString().contains("data.element"), invalid::toString);

    HttpResponse<String> openApi = get(eye, "/openapi.yaml");
    assertEquals(200, openApi.statusCode());
    assertTrue(openApi.body().startsWith("openapi: 3"), openApi::body);
    HttpResponse<String> docs = get(eye, "/docs");
    assertEquals(200, docs.statusCode());
    assertTrue(docs.body().contains("/openapi.yaml"), docs::body);
    assertEquals(404, get(eye, "/docs/../pom.xml").statusCode());
    HttpResponse<String> trace = send(eye, "TRACE", "/api/v1/events/");
    assertEquals(404, trace.statusCode(), "like API Gateway, an undeclared method has no route");
  }

  @Test
  void aGzipBodyIsPassedAsApiGatewayDoesAndStoredWithTheSendersContext() throws Exception {
    String session = UUID.randomUUID().toString();
    java.io.ByteArrayOutputStream compressed = new java.io.ByteArrayOutputStream();
    try (var gzip = new java.util.zip.GZIPOutputStream(compressed)) {
      gzip.write(pageview(session, "/gzip").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(eye.baseUrl() + "/api/v1/events/"))
            .header("application", APPLICATION)
            .header("content-type", "application/json")
            .header("content-encoding", "gzip")
            .header("user-agent", "the-eye-test/1")
            .POST(HttpRequest.BodyPublishers.ofByteArray(compressed.toByteArray()))
            .build();
    HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    assertEquals(202, response.statusCode(), response::body);

    Map<String, AttributeValue> item =
        Eventually.await(
                STORED_WITHIN,
                () -> sessionEvents(eye.dynamoDb(), session),
                items -> items.size() == 1,
                "the gzip-posted event stored")
            .getFirst();
    assertEquals("the-eye-test/1", item.get(EventItems.USER_AGENT).s());
    assertEquals("127.0.0.0", item.get(EventItems.CLIENT_IP).s(), "truncated to its /24");
    assertEquals("/gzip", item.get(EventItems.DATA).m().get("path").s(), "data is a map");
  }

  @Test
  void refusesToStartWhenThePortIsTakenAndSaysSo() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      LocalSettings settings = settings(data).withPort(taken.getLocalPort());
      LocalEye.StartupException error =
          assertThrows(
              LocalEye.StartupException.class, () -> LocalEye.start(settings, Fixtures.repoRoot()));
      assertTrue(error.getMessage().contains("is taken"), error::getMessage);
      assertTrue(error.getMessage().contains("EYE_PORT"), error::getMessage);
    }
  }

  @Test
  void otherMethodsOnTheApisPathsGet405WithWhatThePathServesAndPreflightsStillGet204()
      throws Exception {
    for (String path : List.of("/api/v1/events", "/api/v1/events/")) {
      for (String method : List.of("PUT", "PATCH", "DELETE", "HEAD")) {
        HttpResponse<String> answer = send(eye, method, path);

        assertEquals(405, answer.statusCode(), method + " " + path);
        assertEquals(Optional.of("GET, POST"), answer.headers().firstValue("allow"));
      }
    }
    for (String path : List.of("/api/v1/invalid-events", "/api/v1/invalid-events/")) {
      for (String method : List.of("POST", "DELETE")) {
        HttpResponse<String> answer = send(eye, method, path);

        assertEquals(405, answer.statusCode(), method + " " + path);
        assertEquals(Optional.of("GET"), answer.headers().firstValue("allow"));
        assertEquals(
            "Method \"" + method + "\" not allowed.", json(answer.body()).path("detail").asText());
      }
    }
    HttpResponse<String> unknown = send(eye, "POST", "/api/v1/sessions/");
    HttpResponse<String> preflight =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(eye.baseUrl() + "/api/v1/events/"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://127.0.0.1:3000")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "application,content-type")
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertEquals(404, unknown.statusCode());
    assertEquals("Not found.", json(unknown.body()).path("detail").asText());
    assertEquals(204, preflight.statusCode(), "answered by the gateway, not a function");
    assertEquals(
        Optional.of("GET,POST,OPTIONS"),
        preflight.headers().firstValue("access-control-allow-methods"));
  }

  @Test
  void pathsMatchExactlyAsApiGatewayRoutesThem() throws Exception {
    HttpResponse<String> doubled = send(eye, "POST", "/api/v1/events/api/v1/events");
    HttpResponse<String> suffixed = send(eye, "GET", "/api/v1/eventsx");
    HttpResponse<String> delete = send(eye, "DELETE", "/api/v1/events/");

    // Both reach a function through a greedy route, which answers 404 for a path it does not
    // serve.
    assertEquals(404, doubled.statusCode(), doubled::body);
    assertEquals(404, suffixed.statusCode(), suffixed::body);
    // The template routes DELETE to the ingest function, which answers it 405.
    assertEquals(405, delete.statusCode(), delete::body);
  }

  // --- helpers ---

  /**
   * Port 0 picks a free port; a short visibility timeout lets failed messages come back within a
   * test.
   */
  private static LocalSettings settings(Path data) {
    return TestRunners.settings(data);
  }

  @Test
  void everyFunctionLogLineNamesItsRequestAndEachHandlersFirstInvocationIsTheColdStart(
      @TempDir Path ownData) throws Exception {
    // A runner of its own: the class's runner has served other tests' first invocations.
    String session = UUID.randomUUID().toString();
    try (LocalEye eye = LocalEyeRestartTest.start(ownData)) {
      assertEquals(202, post(eye, pageview(session, "/")).statusCode());
      assertEquals(202, post(eye, pageview(session, "/next")).statusCode());
      Eventually.await(
          STORED_WITHIN,
          () -> sessionEvents(eye.dynamoDb(), session),
          items -> items.size() == 2,
          "2 stored events");
      getJson(eye, "/api/v1/events/?session_id=" + session);
      getJson(eye, "/api/v1/events/?session_id=" + session);

      // The log is flushed every second.
      List<JsonNode> lines =
          Eventually.await(
              STORED_WITHIN,
              () -> functionLog(ownData),
              all -> withMessage(all, "query request").size() == 2,
              "both query lines in the function log");

      for (JsonNode line : lines) {
        assertTrue(line.path("function_request_id").isTextual(), line::toString);
        assertTrue(line.path("cold_start").isBoolean(), line::toString);
        assertFalse(line.has("xray_trace_id"), "no X-Ray locally: " + line);
        assertFalse(line.toString().contains(session), "no event content: " + line);
      }
      for (String message : List.of("ingest request", "batch processed", "query request")) {
        List<JsonNode> ofOneHandler = withMessage(lines, message);
        assertEquals(
            1,
            ofOneHandler.stream().filter(line -> line.get("cold_start").asBoolean()).count(),
            "one cold start per handler: " + ofOneHandler);
      }
      // Sent one after the other, so their lines are in the order of their invocations.
      for (String message : List.of("ingest request", "query request")) {
        assertTrue(withMessage(lines, message).getFirst().get("cold_start").asBoolean(), message);
      }
      List<String> ingestRequests =
          withMessage(lines, "ingest request").stream()
              .map(line -> line.get("function_request_id").asText())
              .toList();
      assertEquals(2, new java.util.HashSet<>(ingestRequests).size(), "a request id each");
      List<String> invocations =
          lines.stream()
              .filter(line -> !line.get("message").asText().equals("metrics"))
              .map(line -> line.get("function_request_id").asText())
              .toList();
      for (JsonNode metrics : withMessage(lines, "metrics")) {
        assertTrue(
            invocations.contains(metrics.get("function_request_id").asText()),
            "a metric line belongs to the invocation that counted: " + metrics);
      }
    }
  }

  private static HttpResponse<String> post(LocalEye eye, String body)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(eye.baseUrl() + "/api/v1/events/"))
            .header("application", APPLICATION)
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(LocalEye eye, String pathAndQuery)
      throws IOException, InterruptedException {
    return send(eye, "GET", pathAndQuery);
  }

  private static HttpResponse<String> send(LocalEye eye, String method, String pathAndQuery)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(eye.baseUrl() + pathAndQuery))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** The lines the functions logged so far, from the file {@code make run} keeps them in. */
  private static List<JsonNode> functionLog(Path data) {
    Path file = data.resolve("logs/functions.jsonl");
    try {
      List<JsonNode> lines = new ArrayList<>();
      for (String line : Files.exists(file) ? Files.readAllLines(file) : List.<String>of()) {
        lines.add(json(line));
      }
      return lines;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<JsonNode> withMessage(List<JsonNode> lines, String message) {
    return lines.stream().filter(line -> line.path("message").asText().equals(message)).toList();
  }

  private static JsonNode getJson(LocalEye eye, String pathAndQuery) {
    try {
      HttpResponse<String> response = get(eye, pathAndQuery);
      assertEquals(200, response.statusCode(), response::body);
      return json(response.body());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static List<String> ids(JsonNode page) {
    List<String> ids = new ArrayList<>();
    page.path("results").forEach(r -> ids.add(r.path("id").asText()));
    return ids;
  }

  private static List<Map<String, AttributeValue>> sessionEvents(
      DynamoDbClient dynamoDb, String session) {
    return dynamoDb
        .query(
            b ->
                b.tableName(LocalResources.TABLES.events())
                    .keyConditionExpression("#s = :s")
                    .expressionAttributeNames(Map.of("#s", TableLayout.SESSION_ID))
                    .expressionAttributeValues(Map.of(":s", AttributeValue.fromS(session))))
        .items();
  }

  private static Map<String, AttributeValue> awaitInvalid(LocalEye eye, String id) {
    return Eventually.await(
        STORED_WITHIN,
        () ->
            eye.dynamoDb()
                .getItem(
                    b ->
                        b.tableName(LocalResources.TABLES.invalidEvents())
                            .key(InvalidEventItems.key(id)))
                .item(),
        item -> item != null && !item.isEmpty(),
        "invalid event " + id);
  }

  private static int visible(LocalEye eye, String queueUrl) {
    return Integer.parseInt(
        eye.sqs()
            .getQueueAttributes(
                b -> b.queueUrl(queueUrl).attributeNamesWithStrings("ApproximateNumberOfMessages"))
            .attributesAsStrings()
            .get("ApproximateNumberOfMessages"));
  }

  private static int depth(LocalEye eye, String queueUrl) {
    var attributes =
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

  private static String pageview(String session, String path) {
    return event(
        session,
        "page interaction",
        "pageview",
        "{\"host\": \"www.consumeraffairs.com\", \"path\": \"" + path + "\"}");
  }

  private static String ctaClick(String session, String element) {
    String elementField = element == null ? "" : ", \"element\": \"" + element + "\"";
    return event(
        session,
        "page interaction",
        "cta click",
        "{\"host\": \"www.consumeraffairs.com\", \"path\": \"/\"" + elementField + "}");
  }

  private static String formSubmit(String session) {
    return event(
        session,
        "form interaction",
        "submit",
        "{\"host\": \"www.consumeraffairs.com\", \"path\": \"/\", \"form\": {\"first_name\": \"John\", \"last_name\": \"Doe\"}}");
  }

  private static String event(String session, String category, String name, String data) {
    return "{\"session_id\": \""
        + session
        + "\", \"category\": \""
        + category
        + "\", \"name\": \""
        + name
        + "\", \"data\": "
        + data
        + ", \"timestamp\": \"2021-01-01 09:15:27.243860\"}";
  }

  private static JsonNode json(String text) throws IOException {
    return ExactJson.MAPPER.readTree(text);
  }
}

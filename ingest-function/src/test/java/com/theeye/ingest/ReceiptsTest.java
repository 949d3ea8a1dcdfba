package com.theeye.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.theeye.event.ExactJson;
import com.theeye.http.HttpRequest;
import com.theeye.processor.BatchProcessor;
import com.theeye.processor.BatchResult;
import com.theeye.processor.ProcessorConfig;
import com.theeye.processor.QueueMessage;
import com.theeye.processor.SchemaRegistry;
import com.theeye.signing.CursorKeys;
import com.theeye.store.TableNames;
import com.theeye.testsupport.AwsEmulators;
import com.theeye.testsupport.AwsTestEnvironment;
import com.theeye.testsupport.MutableClock;
import com.theeye.testsupport.SecretsManagerFake;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every event of a 202 carries a receipt, and {@code GET /api/v1/receipts/{receipt}} tells its
 * sender what became of the event — pending while queued, then stored or invalid with the reasons —
 * by key, against the emulators, the events stored by the real processor. Receipts of another
 * application, altered or made up are 404; an unknown application is 401 as on POST.
 */
@ExtendWith(AwsEmulators.class)
class ReceiptsTest {

  private static final SchemaRegistry SCHEMAS =
      SchemaRegistry.fromClasspath(ReceiptsTest.class.getClassLoader());

  /** A pageview without its host: a well-formed envelope the pageview schema refuses. */
  private static final String PAGEVIEW_WITHOUT_HOST =
      """
      {"session_id": "e2085be5-9137-4e4e-80b5-f1ffddc25423", "category": "page interaction",
       "name": "pageview", "data": {"path": "/"}, "timestamp": "2021-01-01 09:15:28.000000"}""";

  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T17:00:00Z"));
  private AwsTestEnvironment aws;
  private TableNames tables;
  private String queueUrl;
  private IngestService ingest;
  private BatchProcessor processor;
  private final UUID application = UUID.fromString(Seed.APPLICATION);
  private final UUID other = UUID.randomUUID();

  @BeforeEach
  void setUp(AwsTestEnvironment aws) {
    this.aws = aws;
    tables = aws.createTables();
    queueUrl = aws.createQueue("receipts");
    aws.putApplication(tables, application, "seed", true);
    aws.putApplication(tables, other, "another", true);
    ingest = service(Seed.RECEIPT_KEYS);
    Map<String, String> env = new HashMap<>();
    env.put("AWS_REGION", "us-east-1");
    env.put("EVENTS_TABLE", tables.events());
    env.put("SESSIONS_TABLE", tables.sessions());
    env.put("INVALID_EVENTS_TABLE", tables.invalidEvents());
    env.put("APPLICATIONS_TABLE", tables.applications());
    env.put("IDENTITIES_TABLE", tables.identities());
    env.put("DELETIONS_TABLE", tables.deletions());
    env.put("EVENTS_QUEUE_URL", queueUrl);
    processor =
        BatchProcessor.create(ProcessorConfig.fromEnv(env), aws.dynamoDb(), aws.sqs(), SCHEMAS);
  }

  @AfterEach
  void tearDown() {
    processor.close();
  }

  @Test
  void eachEventOfABatchHasItsOwnReceipt() {
    JsonNode echo = post(application, "[" + Seed.PAGEVIEW_BODY + "," + Seed.CTA_CLICK_BODY + "]");

    String first = echo.get(0).path("receipt").asText();
    String second = echo.get(1).path("receipt").asText();
    assertFalse(first.isEmpty());
    assertFalse(second.isEmpty());
    assertFalse(first.equals(second));
  }

  @Test
  void aQueuedEventIsPending() {
    String receipt = post(application, Seed.PAGEVIEW_BODY).path("receipt").asText();

    assertEquals(status("pending"), lookUp(receipt, application));
  }

  @Test
  void aStoredEventIsStored() {
    String receipt = post(application, Seed.PAGEVIEW_BODY).path("receipt").asText();

    processQueue();

    assertEquals(status("stored"), lookUp(receipt, application));
  }

  @Test
  void anInvalidEventIsInvalidWithItsReasonsAndNoneOfItsData() {
    String receipt = post(application, PAGEVIEW_WITHOUT_HOST).path("receipt").asText();

    processQueue();
    JsonNode answer = lookUp(receipt, application);

    assertEquals("invalid", answer.path("status").asText(), answer.toString());
    assertEquals(List.of("errors", "status"), fieldNames(answer));
    assertTrue(answer.path("errors").size() > 0, answer.toString());
    for (JsonNode error : answer.path("errors")) {
      assertEquals(List.of("field", "message"), fieldNames(error));
    }
  }

  @Test
  void theSenderMayAskByQueryParameterAsABrowserDoes() {
    String receipt = post(application, Seed.PAGEVIEW_BODY).path("receipt").asText();

    Answer answer =
        get(
            ReceiptService.PREFIX + receipt,
            Map.of(),
            Map.of("application", application.toString()));

    assertEquals(200, answer.status());
    assertEquals(status("pending"), answer.body());
  }

  @Test
  void anotherApplicationsReceiptIsNotFound() {
    String receipt = post(application, Seed.PAGEVIEW_BODY).path("receipt").asText();
    processQueue();

    Answer answer = get(receipt, other);

    assertEquals(404, answer.status());
    assertEquals(detail("Not found."), answer.body());
  }

  @Test
  void aTamperedReceiptIsNotFound() {
    String receipt = post(application, Seed.PAGEVIEW_BODY).path("receipt").asText();
    processQueue();
    // The same payload naming another session: its signature no longer matches.
    int dot = receipt.indexOf('.');
    String payload =
        new String(Base64.getUrlDecoder().decode(receipt.substring(0, dot)), StandardCharsets.UTF_8)
            .replace("e2085be5", "e2085be6");
    String tampered =
        Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8))
            + receipt.substring(dot);

    assertEquals(404, get(tampered, application).status());
  }

  @Test
  void aReceiptSignedWithAnotherKeyIsNotFound() {
    IngestService elsewhere =
        service(CursorKeys.fixed("another-signing-key-of-at-least-32-characters"));
    String receipt =
        body(elsewhere.handle(post(application.toString(), Seed.PAGEVIEW_BODY)))
            .path("receipt")
            .asText();

    assertEquals(404, get(receipt, application).status());
  }

  @Test
  void aMalformedReceiptIsNotFound() {
    for (String malformed : List.of("x", "no-dot", "a.b", "%%%.%%%", "eyJ9.AAAA", "..")) {
      Answer answer = get(malformed, application);

      assertEquals(404, answer.status(), malformed);
      assertEquals(detail("Not found."), answer.body(), malformed);
    }
  }

  @Test
  void anUnknownApplicationIsRefusedAsOnPost() {
    String receipt = post(application, Seed.PAGEVIEW_BODY).path("receipt").asText();

    Answer unknown = get(receipt, UUID.randomUUID());
    Answer none = get(ReceiptService.PREFIX + receipt, Map.of(), Map.of());

    assertEquals(401, unknown.status());
    assertEquals(detail("Untrusted application."), unknown.body());
    assertEquals(401, none.status());
  }

  @Test
  void receiptsAreOnlyRead() {
    String receipt = post(application, Seed.PAGEVIEW_BODY).path("receipt").asText();

    Answer post =
        answer(
            ingest.handle(
                new HttpRequest(
                    "POST",
                    ReceiptService.PREFIX + receipt,
                    Map.of("application", application.toString()),
                    Map.of(),
                    new byte[0])));

    assertEquals(405, post.status());
  }

  @Test
  void receiptsAreSignedWithTheCursorSecretReadWhenFirstNeeded() throws Exception {
    try (SecretsManagerFake secrets =
        new SecretsManagerFake("a-cursor-secret-of-at-least-32-characters!")) {
      CursorKeys keys =
          CursorKeys.fromSecret(
              secrets.client(),
              SecretsManagerFake.SECRET_ARN,
              Duration.ofMinutes(5),
              clock,
              warning -> {});
      ingest = service(keys);
      assertEquals(0, secrets.calls(), "nothing is read before a receipt is needed");

      String receipt = post(application, Seed.PAGEVIEW_BODY).path("receipt").asText();

      assertEquals(status("pending"), lookUp(receipt, application));
      assertTrue(secrets.reads() > 0);
    }
  }

  @Test
  void withoutItsKeyEventsAreStillAcceptedButWithoutReceiptsAndLookupsWait() throws Exception {
    try (SecretsManagerFake secrets =
        new SecretsManagerFake("a-cursor-secret-of-at-least-32-characters!")) {
      secrets.deny();
      ingest =
          service(
              CursorKeys.fromSecret(
                  secrets.client(),
                  SecretsManagerFake.SECRET_ARN,
                  Duration.ofMinutes(5),
                  clock,
                  warning -> {}));

      JsonNode echo = post(application, Seed.PAGEVIEW_BODY);
      Answer lookup = get("anything.at-all", application);

      assertFalse(echo.has("receipt"), echo.toString());
      assertEquals(503, lookup.status());
    }
  }

  // --- helpers ---

  private IngestService service(CursorKeys keys) {
    return IngestService.create(
        Seed.config(tables, queueUrl, false), aws.sqs(), aws.dynamoDb(), clock, keys);
  }

  private record Answer(int status, JsonNode body) {}

  private JsonNode post(UUID sender, String body) {
    IngestOutcome outcome = ingest.handle(post(sender.toString(), body));
    assertEquals(202, outcome.response().status(), outcome.response().body().toString());
    return body(outcome);
  }

  private static HttpRequest post(String sender, String body) {
    return new HttpRequest(
        "POST",
        "/api/v1/events/",
        Map.of("application", sender),
        Map.of(),
        body.getBytes(StandardCharsets.UTF_8));
  }

  private JsonNode lookUp(String receipt, UUID sender) {
    Answer answer = get(receipt, sender);
    assertEquals(200, answer.status(), answer.body().toString());
    return answer.body();
  }

  private Answer get(String receipt, UUID sender) {
    return get(ReceiptService.PREFIX + receipt, Map.of("application", sender.toString()), Map.of());
  }

  private Answer get(String path, Map<String, String> headers, Map<String, String> query) {
    return answer(ingest.handle(new HttpRequest("GET", path, headers, query, new byte[0])));
  }

  private static Answer answer(IngestOutcome outcome) {
    return new Answer(outcome.response().status(), body(outcome));
  }

  private static JsonNode body(IngestOutcome outcome) {
    return outcome.response().body();
  }

  /** Hands every queued message to the processor, as the event source mapping would. */
  private void processQueue() {
    var messages =
        aws.sqs()
            .receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
            .messages();
    assertFalse(messages.isEmpty(), "nothing was queued");
    BatchResult result =
        processor.process(
            messages.stream().map(m -> new QueueMessage(m.messageId(), m.body())).toList());
    assertEquals(List.of(), result.failedMessageIds(), result.logLine());
  }

  private static JsonNode status(String status) {
    return ExactJson.MAPPER
        .createObjectNode()
        .put("status", status)
        .set("errors", ExactJson.MAPPER.createArrayNode());
  }

  private static JsonNode detail(String message) {
    return ExactJson.MAPPER.createObjectNode().put("detail", message);
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names.stream().sorted().toList();
  }
}

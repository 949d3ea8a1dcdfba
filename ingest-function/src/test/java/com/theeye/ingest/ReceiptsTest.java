package com.theeye.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.theeye.event.EventTimestamps;
import com.theeye.event.ExactJson;
import com.theeye.http.HttpRequest;
import com.theeye.processor.BatchProcessor;
import com.theeye.processor.BatchResult;
import com.theeye.processor.ProcessorConfig;
import com.theeye.processor.QueueMessage;
import com.theeye.processor.SchemaRegistry;
import com.theeye.signing.CursorKeys;
import com.theeye.signing.SignedTokens;
import com.theeye.store.DeletionItems;
import com.theeye.store.DeletionSubject;
import com.theeye.store.TableLayout;
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
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Every event of a 202 carries a receipt, and {@code GET /api/v1/receipts/{receipt}} tells its
 * sender what became of the event — pending while queued, then stored or invalid with the reasons —
 * by key, against the emulators, the events stored by the real processor; deleted once a deletion
 * of its person or session covers it. Receipts of another application, altered or made up are 404;
 * an unknown application is 401 as on POST.
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

  private static final UUID SESSION = UUID.fromString("e2085be5-9137-4e4e-80b5-f1ffddc25423");

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

  /**
   * {@code deleted}: the event is in neither table and a deletion of its person or session covers
   * it, read from the Deletions table's subject items as the deletion API writes them ({@link
   * DeletionItems#start}); the events are suppressed by the real processor or removed as the
   * deletion job's sweep removes them.
   */
  @Nested
  class Deleted {

    @Test
    void anEventOfADeletedUserIsDeleted() {
      String receipt =
          post(application, pageview("/account", "\"user_id\": \"42\"")).path("receipt").asText();
      requestDeletion(DeletionSubject.user(application, "42"));

      processQueue(); // the processor suppresses it: stored nowhere

      assertEquals(0, count(tables.events()) + count(tables.invalidEvents()));
      assertEquals(status("deleted"), lookUp(receipt, application));
    }

    @Test
    void anEventOfADeletedAnonymousIdIsDeleted() {
      String receipt =
          post(application, pageview("/cart", "\"anonymous_id\": \"device-7\""))
              .path("receipt")
              .asText();
      requestDeletion(DeletionSubject.anonymous(application, "device-7"));

      processQueue();

      assertEquals(status("deleted"), lookUp(receipt, application));
    }

    @Test
    void anotherPersonOfTheSameSessionIsNotDeleted() {
      String receipt =
          post(application, pageview("/account", "\"user_id\": \"43\"")).path("receipt").asText();
      requestDeletion(DeletionSubject.user(application, "42"));
      requestDeletion(DeletionSubject.user(other, "43"));

      assertEquals(status("pending"), lookUp(receipt, application));
    }

    @Test
    void aStoredEventOfAUserDeletedSinceIsStoredUntilTheSweepRemovesIt() {
      String receipt =
          post(application, pageview("/account", "\"user_id\": \"42\"")).path("receipt").asText();
      processQueue();
      clock.advance(Duration.ofMinutes(5));
      requestDeletion(DeletionSubject.user(application, "42"));

      JsonNode beforeTheSweep = lookUp(receipt, application);
      sweepEvents();

      assertEquals(status("stored"), beforeTheSweep);
      assertEquals(status("deleted"), lookUp(receipt, application));
    }

    @Test
    void anEventOfASessionDeletedAfterItWasReceivedIsDeleted() {
      String receipt = post(application, Seed.PAGEVIEW_BODY).path("receipt").asText();
      processQueue();
      clock.advance(Duration.ofMinutes(5));
      requestDeletion(DeletionSubject.session(SESSION));
      sweepEvents();

      assertEquals(status("deleted"), lookUp(receipt, application));
    }

    @Test
    void anEventReceivedAfterItsSessionsDeletionIsPendingUntilStored() {
      requestDeletion(DeletionSubject.session(SESSION));
      clock.advance(Duration.ofSeconds(1));
      String receipt = post(application, Seed.PAGEVIEW_BODY).path("receipt").asText();

      JsonNode queued = lookUp(receipt, application);
      processQueue();

      assertEquals(status("pending"), queued);
      assertEquals(status("stored"), lookUp(receipt, application));
    }

    @Test
    void anEventStoredAfterItsPersonsSuppressionWasLiftedIsStored() {
      DeletionSubject user = DeletionSubject.user(application, "42");
      requestDeletion(user);
      clock.advance(Duration.ofMinutes(5));
      lift(user);
      clock.advance(Duration.ofSeconds(1));
      String receipt =
          post(application, pageview("/account", "\"user_id\": \"42\"")).path("receipt").asText();

      JsonNode queued = lookUp(receipt, application);
      processQueue();

      assertEquals(status("pending"), queued);
      assertEquals(status("stored"), lookUp(receipt, application));
    }

    @Test
    void anEventSuppressedBeforeItsPersonsSuppressionWasLiftedStaysDeleted() {
      DeletionSubject user = DeletionSubject.user(application, "42");
      requestDeletion(user);
      clock.advance(Duration.ofSeconds(1));
      String receipt =
          post(application, pageview("/account", "\"user_id\": \"42\"")).path("receipt").asText();
      processQueue();
      clock.advance(Duration.ofMinutes(5));

      lift(user);

      assertEquals(status("deleted"), lookUp(receipt, application));
    }

    @Test
    void anotherApplicationsReceiptOfADeletedEventIsNotFound() {
      String receipt =
          post(application, pageview("/account", "\"user_id\": \"42\"")).path("receipt").asText();
      requestDeletion(DeletionSubject.user(application, "42"));
      requestDeletion(DeletionSubject.user(other, "42"));
      processQueue();

      Answer answer = get(receipt, other);

      assertEquals(404, answer.status());
      assertEquals(detail("Not found."), answer.body());
    }

    @Test
    void aReceiptNamesTheIdsItsSenderSentAndNoData() {
      String receipt =
          post(
                  application,
                  pageview("/account", "\"user_id\": \"42\", \"anonymous_id\": \"device-7\""))
              .path("receipt")
              .asText();

      JsonNode payload = payload(receipt);

      assertEquals("42", payload.path("user_id").asText(), payload.toString());
      assertEquals("device-7", payload.path("anonymous_id").asText(), payload.toString());
      assertEquals(
          List.of("anonymous_id", "app", "key", "received_at", "session", "user_id"),
          fieldNames(payload));
    }

    @Test
    void aReceiptMadeBeforeReceiptsNamedIdsStillAnswers() {
      String receipt = post(application, Seed.PAGEVIEW_BODY).path("receipt").asText();
      JsonNode payload = payload(receipt);
      // As receipts were signed before they carried ids: these four fields, nothing else.
      String old =
          new SignedTokens(Seed.RECEIPT_KEYS)
              .sign(
                  ExactJson.MAPPER
                      .createObjectNode()
                      .put("app", payload.path("app").asText())
                      .put("session", payload.path("session").asText())
                      .put("key", payload.path("key").asText())
                      .put("received_at", payload.path("received_at").asText())
                      .toString()
                      .getBytes(StandardCharsets.UTF_8));

      JsonNode queued = lookUp(old, application);
      processQueue();
      JsonNode stored = lookUp(old, application);
      clock.advance(Duration.ofMinutes(5));
      requestDeletion(DeletionSubject.session(SESSION));
      sweepEvents();

      assertEquals(status("pending"), queued);
      assertEquals(status("stored"), stored);
      assertEquals(status("deleted"), lookUp(old, application));
    }

    /** Steps 1 and 2 of a DELETE as the query function takes them, at the clock's time. */
    private void requestDeletion(DeletionSubject subject) {
      aws.dynamoDb()
          .updateItem(
              DeletionItems.start(tables.deletions(), subject, UUID.randomUUID(), clock.instant()));
    }

    /** The job done and the suppression lifted, as {@code make applications lift-suppression}. */
    private void lift(DeletionSubject person) {
      aws.dynamoDb()
          .updateItem(
              b ->
                  b.tableName(tables.deletions())
                      .key(DeletionItems.subjectKey(person))
                      .updateExpression(
                          "SET #running = :false, #suppressed = :false, #lifted = :now")
                      .expressionAttributeNames(
                          Map.of(
                              "#running", DeletionItems.RUNNING,
                              "#suppressed", DeletionItems.SUPPRESSED,
                              "#lifted", DeletionItems.LIFTED_AT))
                      .expressionAttributeValues(
                          Map.of(
                              ":false", AttributeValue.fromBool(false),
                              ":now",
                                  AttributeValue.fromS(EventTimestamps.format(clock.instant())))));
    }

    /** Removes every stored event, as a deletion job's sweep removes the subject's. */
    private void sweepEvents() {
      for (Map<String, AttributeValue> item :
          aws.dynamoDb().scan(b -> b.tableName(tables.events())).items()) {
        aws.dynamoDb()
            .deleteItem(
                b ->
                    b.tableName(tables.events())
                        .key(
                            Map.of(
                                TableLayout.SESSION_ID, item.get(TableLayout.SESSION_ID),
                                TableLayout.OCCURRED_AT_ID, item.get(TableLayout.OCCURRED_AT_ID))));
      }
    }

    private int count(String table) {
      return aws.dynamoDb().scan(b -> b.tableName(table)).count();
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

  /** A pageview of the seed's session, on {@code path}, with the given identity fields. */
  private static String pageview(String path, String identity) {
    return """
        {"session_id": "e2085be5-9137-4e4e-80b5-f1ffddc25423", "category": "page interaction",
         "name": "pageview", "data": {"host": "www.consumeraffairs.com", "path": "%s"},
         "timestamp": "2021-01-01 09:15:30.000000", %s}"""
        .formatted(path, identity);
  }

  /** A receipt's payload, as anyone holding the receipt can read it. */
  private static JsonNode payload(String receipt) {
    try {
      return ExactJson.MAPPER.readTree(
          Base64.getUrlDecoder().decode(receipt.substring(0, receipt.indexOf('.'))));
    } catch (java.io.IOException e) {
      throw new AssertionError("a receipt's payload is JSON: " + receipt, e);
    }
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

package com.theeye.query;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.theeye.event.EventCodec;
import com.theeye.event.ExactJson;
import com.theeye.signing.CursorKeys;
import com.theeye.store.DeletionCounts;
import com.theeye.store.DeletionItems;
import com.theeye.store.DeletionOrder;
import com.theeye.store.DeletionRecord;
import com.theeye.store.DeletionRecords;
import com.theeye.store.DeletionSubject;
import com.theeye.store.TableNames;
import com.theeye.testsupport.AwsEmulators;
import com.theeye.testsupport.AwsTestEnvironment;
import com.theeye.testsupport.TestLambdaContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The deletion routes end to end on the emulators (dynalite, ElasticMQ): the real handler, its
 * records in the Deletions table and its orders on the deletions queue. The job that runs them is
 * the deletion function's; its statuses are written here as it writes them, through {@link
 * DeletionItems}.
 */
@ExtendWith(AwsEmulators.class)
class DeletionApiTest {

  private static final UUID APP = UUID.randomUUID();
  private static final String CALLER = "arn:aws:iam::111122223333:user/data-team";
  private static final Duration ORDER_ARRIVES = Duration.ofSeconds(10);

  private final AwsTestEnvironment aws;
  private final Eye eye;

  DeletionApiTest(AwsTestEnvironment aws) {
    this.aws = aws;
    this.eye = new Eye(aws, aws.createTables(), aws.createQueue("deletions"));
  }

  @AfterEach
  void close() {
    eye.close();
  }

  @Test
  void deletingAUserAnswers202WithTheDeletionRecordsItSuppressesTheUserAndOrdersTheJob() {
    Answer answer =
        eye.send("DELETE", "/api/v1/users/user-42", Map.of("application", APP.toString()));

    assertEquals(202, answer.status(), answer.body()::toString);
    UUID deletion = UUID.fromString(answer.body().path("deletion").asText());
    assertEquals("accepted", answer.body().path("status").asText());
    assertEquals("/api/v1/deletions/" + deletion, answer.body().path("status_url").asText());
    assertEquals(3, answer.body().size(), answer.body()::toString);

    DeletionSubject subject = DeletionSubject.user(APP, "user-42");
    DeletionRecord recorded = eye.record(deletion).orElseThrow();
    assertEquals(DeletionRecord.Status.ACCEPTED, recorded.status());
    assertEquals(Optional.of(subject), recorded.subject());
    assertEquals(subject.hash(), recorded.subjectHash());
    assertEquals("local", recorded.requestedBy(), "no IAM signature: asked under make run");
    Map<String, AttributeValue> standing = eye.subjectItem(subject);
    assertEquals(deletion, DeletionItems.runningDeletion(standing).orElseThrow());
    assertTrue(DeletionItems.suppressed(standing), "the user's later events are suppressed");
    assertEquals(List.of(deletion), eye.orders(1));
    assertFalse(answer.body().toString().contains("user-42"), "the answer names no one");
    assertFalse(answer.logLines().toString().contains("user-42"), "nor does its log line");
    assertTrue(answer.logLines().getFirst().contains("\"query\":\"delete user\""));
  }

  @Test
  void deletingAnAnonymousPersonRecordsWhoAskedBySignature() {
    Answer answer =
        eye.send(
            "DELETE",
            "/api/v1/anonymous/device-7f3a",
            Map.of("application", APP.toString()),
            Optional.of(CALLER));

    assertEquals(202, answer.status(), answer.body()::toString);
    UUID deletion = UUID.fromString(answer.body().path("deletion").asText());
    DeletionSubject subject = DeletionSubject.anonymous(APP, "device-7f3a");
    DeletionRecord recorded = eye.record(deletion).orElseThrow();
    assertEquals(DeletionSubject.Kind.ANONYMOUS, recorded.kind());
    assertEquals(Optional.of(APP), recorded.application());
    assertEquals(CALLER, recorded.requestedBy());
    assertTrue(DeletionItems.suppressed(eye.subjectItem(subject)));
    assertEquals(List.of(deletion), eye.orders(1));
  }

  @Test
  void deletingASessionNamesNoApplicationAndSuppressesNothing() {
    UUID session = UUID.randomUUID();

    Answer answer = eye.send("DELETE", "/api/v1/sessions/" + session, Map.of());

    assertEquals(202, answer.status(), answer.body()::toString);
    UUID deletion = UUID.fromString(answer.body().path("deletion").asText());
    DeletionRecord recorded = eye.record(deletion).orElseThrow();
    assertEquals(DeletionSubject.Kind.SESSION, recorded.kind());
    assertEquals(Optional.empty(), recorded.application(), "the job finds the session's owner");
    Map<String, AttributeValue> standing = eye.subjectItem(DeletionSubject.session(session));
    assertEquals(deletion, DeletionItems.runningDeletion(standing).orElseThrow());
    assertFalse(DeletionItems.suppressed(standing));
    assertEquals(List.of(deletion), eye.orders(1));
    assertFalse(answer.body().toString().contains(session.toString()));
  }

  @Test
  void aPersonsIdIsTrimmedAsTheIngestStoresItAndMayHoldASlash() {
    Answer trimmed =
        eye.send("DELETE", "/api/v1/users/ user-42 ", Map.of("application", APP.toString()));
    Answer slashed =
        eye.send("DELETE", "/api/v1/users/team/42", Map.of("application", APP.toString()));

    assertEquals(
        Optional.of(DeletionSubject.user(APP, "user-42")),
        eye.record(deletionOf(trimmed)).orElseThrow().subject());
    assertEquals(
        Optional.of(DeletionSubject.user(APP, "team/42")),
        eye.record(deletionOf(slashed)).orElseThrow().subject());
  }

  @Test
  void theStatusOfAnAcceptedDeletionShowsItsAuditAndNoCountsYet() {
    Answer deleted =
        eye.send(
            "DELETE",
            "/api/v1/users/user-42",
            Map.of("application", APP.toString()),
            Optional.of(CALLER));
    UUID deletion = deletionOf(deleted);

    Answer status = eye.send("GET", deleted.body().path("status_url").asText(), Map.of());

    assertEquals(200, status.status(), status.body()::toString);
    JsonNode body = status.body();
    assertEquals(deletion.toString(), body.path("deletion").asText());
    assertEquals("user", body.path("kind").asText());
    assertEquals(APP.toString(), body.path("application").asText());
    assertEquals("accepted", body.path("status").asText());
    assertEquals(CALLER, body.path("requested_by").asText());
    assertTrue(body.path("requested_at").asText().matches("\\d{4}-.*\\.\\d{6}Z"), body::toString);
    assertTrue(body.path("finished_at").isNull());
    assertEquals(counts(0, 0, 0, 0, 0).toString(), body.path("deleted").toString());
    assertFalse(body.toString().contains("user-42"), "the status names no one");
  }

  @Test
  void theStatusOfARunningDeletionShowsWhatItRemovedSoFar() {
    DeletionSubject subject = DeletionSubject.anonymous(APP, "device-1");
    DeletionRecord running =
        withStatus(subject, DeletionRecord.Status.RUNNING, Optional.empty(), removed(12, 1, 2, 3));

    JsonNode body = eye.status(running);

    assertEquals("running", body.path("status").asText());
    assertEquals("anonymous", body.path("kind").asText());
    assertTrue(body.path("finished_at").isNull());
    assertEquals(counts(12, 1, 2, 3, 0).toString(), body.path("deleted").toString());
    assertFalse(body.toString().contains("device-1"));
  }

  @Test
  void theStatusOfADoneDeletionShowsWhenItFinishedAndItsCounts() {
    UUID session = UUID.randomUUID();
    DeletionSubject subject = DeletionSubject.session(session);
    Instant finished = Instant.parse("2026-03-01T12:00:41.123456Z");
    DeletionRecord done =
        new DeletionRecord(
            UUID.randomUUID(),
            subject.kind(),
            Optional.of(APP),
            subject.hash(),
            Optional.empty(),
            DeletionRecord.Status.DONE,
            Instant.parse("2026-03-01T12:00:00Z"),
            CALLER,
            Optional.of(finished),
            new DeletionCounts(40, 2, 1, 3, 1));

    JsonNode body = eye.status(done);

    assertEquals("done", body.path("status").asText());
    assertEquals("session", body.path("kind").asText());
    assertEquals(APP.toString(), body.path("application").asText(), "the owner the job found");
    assertEquals("2026-03-01T12:00:00.000000Z", body.path("requested_at").asText());
    assertEquals("2026-03-01T12:00:41.123456Z", body.path("finished_at").asText());
    assertEquals(counts(40, 2, 1, 3, 1).toString(), body.path("deleted").toString());
    assertFalse(body.toString().contains(session.toString()));
  }

  @Test
  void aSecondDeletionOfTheSamePersonWhileTheFirstRunsJoinsItAndOrdersItAgain() {
    Map<String, String> application = Map.of("application", APP.toString());
    UUID first = deletionOf(eye.send("DELETE", "/api/v1/users/user-42", application));

    Answer second = eye.send("DELETE", "/api/v1/users/user-42", application);

    assertEquals(202, second.status(), second.body()::toString);
    assertEquals(first, deletionOf(second), "the same deletion");
    assertEquals(List.of(first, first), eye.orders(2), "its order sent again");
    assertEquals(1, eye.deletionRecords(), "the joining request's own record is removed");
  }

  @Test
  void aDeletionOfAPersonWhoseLastDeletionIsDoneIsANewDeletion() {
    Map<String, String> application = Map.of("application", APP.toString());
    DeletionSubject subject = DeletionSubject.user(APP, "user-42");
    UUID first = deletionOf(eye.send("DELETE", "/api/v1/users/user-42", application));
    eye.finish(first, subject);

    UUID second = deletionOf(eye.send("DELETE", "/api/v1/users/user-42", application));

    assertNotEquals(first, second);
    assertEquals(DeletionRecord.Status.ACCEPTED, eye.record(second).orElseThrow().status());
    assertEquals(DeletionRecord.Status.DONE, eye.record(first).orElseThrow().status());
    assertEquals(second, DeletionItems.runningDeletion(eye.subjectItem(subject)).orElseThrow());
    assertEquals(List.of(first, second), eye.orders(2));
  }

  @Test
  void deletionsOfDifferentPeopleOrApplicationsAreDifferentDeletions() {
    UUID user =
        deletionOf(eye.send("DELETE", "/api/v1/users/42", Map.of("application", APP.toString())));
    UUID anonymous =
        deletionOf(
            eye.send("DELETE", "/api/v1/anonymous/42", Map.of("application", APP.toString())));
    UUID otherApplication =
        deletionOf(
            eye.send(
                "DELETE", "/api/v1/users/42", Map.of("application", UUID.randomUUID().toString())));

    assertEquals(3, List.of(user, anonymous, otherApplication).stream().distinct().count());
  }

  @Test
  void refusesAPersonsDeletionWithoutItsApplication() {
    assertRefused(
        eye.send("DELETE", "/api/v1/users/user-42", Map.of()),
        400,
        "{\"application\":[\"This field is required.\"]}");
    assertRefused(
        eye.send("DELETE", "/api/v1/anonymous/device-1", Map.of("application", "shop")),
        400,
        "{\"application\":[\"Must be a valid UUID.\"]}");
  }

  @Test
  void refusesASessionThatIsNotAUuidAndAnApplicationForASession() {
    assertRefused(
        eye.send("DELETE", "/api/v1/sessions/not-a-session", Map.of()),
        400,
        "{\"session_id\":[\"Must be a valid UUID.\"]}");
    assertRefused(
        eye.send(
            "DELETE",
            "/api/v1/sessions/" + UUID.randomUUID(),
            Map.of("application", APP.toString())),
        400,
        "{\"non_field_errors\":[\"Unknown parameter \\\"application\\\". "
            + SubjectParameters.SESSION_USAGE
            + "\"]}");
  }

  @Test
  void refusesAnIdLongerThanTheIngestTakesOrBlank() {
    String longest = "u".repeat(QueryParameters.MAX_TEXT_LENGTH);

    assertEquals(
        202,
        eye.send("DELETE", "/api/v1/users/" + longest, Map.of("application", APP.toString()))
            .status());
    assertRefused(
        eye.send("DELETE", "/api/v1/users/" + longest + "u", Map.of("application", APP.toString())),
        400,
        "{\"user_id\":[\"Ensure this field has no more than 200 characters.\"]}");
    assertRefused(
        eye.send("DELETE", "/api/v1/anonymous/%20%20", Map.of("application", APP.toString())),
        400,
        "{\"anonymous_id\":[\"This field may not be blank.\"]}");
  }

  @Test
  void refusesUnknownParametersAndSaysEveryProblemAtOnce() {
    assertRefused(
        eye.send("DELETE", "/api/v1/users/user-42", Map.of("limit", "5", "app", APP.toString())),
        400,
        "{\"non_field_errors\":[\"Unknown parameter \\\"app\\\". "
            + SubjectParameters.PERSON_USAGE
            + "\",\"Unknown parameter \\\"limit\\\". "
            + SubjectParameters.PERSON_USAGE
            + "\"],\"application\":[\"This field is required.\"]}");
  }

  @Test
  void answersOtherMethodsOnTheDeletionsPathsWith405AndTheMethodsTheyServe() {
    Answer getUser =
        eye.send("GET", "/api/v1/users/user-42", Map.of("application", APP.toString()));
    Answer postSession = eye.send("POST", "/api/v1/sessions/" + UUID.randomUUID(), Map.of());
    Answer deleteDeletion = eye.send("DELETE", "/api/v1/deletions/" + UUID.randomUUID(), Map.of());

    assertRefused(getUser, 405, "{\"detail\":\"Method \\\"GET\\\" not allowed.\"}");
    assertEquals("DELETE", getUser.headers().get("allow"));
    assertEquals(405, postSession.status());
    assertEquals("DELETE", postSession.headers().get("allow"));
    assertEquals(405, deleteDeletion.status());
    assertEquals("GET", deleteDeletion.headers().get("allow"));
  }

  @Test
  void anUnknownOrMalformedDeletionIsNotFound() {
    assertRefused(
        eye.send("GET", "/api/v1/deletions/" + UUID.randomUUID(), Map.of()),
        404,
        "{\"detail\":\"Not found.\"}");
    assertRefused(
        eye.send("GET", "/api/v1/deletions/not-a-deletion", Map.of()),
        404,
        "{\"detail\":\"Not found.\"}");
    assertRefused(
        eye.send("GET", "/api/v1/deletions/", Map.of()), 404, "{\"detail\":\"Not found.\"}");
  }

  @Test
  void whenTheQueueRefusesTheOrderItAnswers503AndTheRetryJoinsTheRecordedDeletion() {
    String downQueue = eye.queueUrl + "-later";
    Eye down = new Eye(aws, eye.tables, downQueue);
    Map<String, String> application = Map.of("application", APP.toString());
    DeletionSubject subject = DeletionSubject.user(APP, "user-42");

    Answer refused = down.send("DELETE", "/api/v1/users/user-42", application);

    assertRefused(refused, 503, "{\"detail\":\"" + DeletionRequests.NOT_STARTED + "\"}");
    assertEquals("5", refused.headers().get("retry-after"));
    UUID recorded = DeletionItems.runningDeletion(down.subjectItem(subject)).orElseThrow();
    assertEquals(DeletionRecord.Status.ACCEPTED, down.record(recorded).orElseThrow().status());

    assertEquals(downQueue, aws.createQueue("deletions-later"), "the queue is back");
    Answer retried = down.send("DELETE", "/api/v1/users/user-42", application);

    assertEquals(202, retried.status(), retried.body()::toString);
    assertEquals(recorded, deletionOf(retried), "the retry joins the recorded deletion");
    assertEquals(List.of(recorded), down.orders(1));
    assertEquals(1, down.deletionRecords());
    down.close();
  }

  @Test
  void badRequestsWriteNothing() {
    eye.send("DELETE", "/api/v1/users/user-42", Map.of());
    eye.send("DELETE", "/api/v1/sessions/nope", Map.of());
    eye.send("GET", "/api/v1/users/user-42", Map.of("application", APP.toString()));

    assertEquals(0, aws.dynamoDb().scan(b -> b.tableName(eye.tables.deletions())).count());
    assertEquals(0, aws.approximateDepth(eye.queueUrl));
  }

  @Test
  void primingAsksForTheStatusOfADeletionNoOneMadeAndWritesNothing() {
    assertDoesNotThrow(() -> eye.handler.beforeCheckpoint(null));

    assertEquals(0, aws.dynamoDb().scan(b -> b.tableName(eye.tables.deletions())).count());
    assertEquals(0, aws.approximateDepth(eye.queueUrl));
  }

  @Test
  void aHandlerWithoutDeletionsDoesNotFindTheirPaths() {
    QueryHandler queriesOnly = new QueryHandler(eye.queries);

    Answer answer =
        Eye.send(
            queriesOnly,
            "DELETE",
            "/api/v1/users/user-42",
            Map.of("application", APP.toString()),
            Optional.empty());

    assertRefused(answer, 404, "{\"detail\":\"Not found.\"}");
  }

  private static DeletionRecord withStatus(
      DeletionSubject subject,
      DeletionRecord.Status status,
      Optional<Instant> finishedAt,
      DeletionCounts counts) {
    return new DeletionRecord(
        UUID.randomUUID(),
        subject.kind(),
        subject.application(),
        subject.hash(),
        status == DeletionRecord.Status.DONE ? Optional.empty() : Optional.of(subject),
        status,
        Instant.parse("2026-03-01T12:00:00Z"),
        CALLER,
        finishedAt,
        counts);
  }

  private static DeletionCounts removed(long events, long invalid, long identities, long claims) {
    return new DeletionCounts(events, invalid, identities, claims, 0);
  }

  private static JsonNode counts(
      long events, long invalid, long identities, long claims, long sessions) {
    ObjectNode deleted = ExactJson.MAPPER.createObjectNode();
    deleted.put("events", events);
    deleted.put("invalid_events", invalid);
    deleted.put("identities", identities);
    deleted.put("message_claims", claims);
    deleted.put("sessions", sessions);
    return deleted;
  }

  private static UUID deletionOf(Answer answer) {
    assertEquals(202, answer.status(), answer.body()::toString);
    return UUID.fromString(answer.body().path("deletion").asText());
  }

  private static void assertRefused(Answer answer, int status, String body) {
    assertEquals(status, answer.status(), answer.body()::toString);
    assertEquals(body, answer.body().toString());
  }

  record Answer(int status, Map<String, String> headers, JsonNode body, List<String> logLines) {}

  /**
   * The query function's handler with its deletions, on one test's tables and a deletions queue,
   * and what the deletion job would read: the records, the subjects' items, the orders.
   */
  private static final class Eye {

    private final AwsTestEnvironment aws;
    private final TableNames tables;
    private final String queueUrl;
    private final QueryService queries;
    private final QueryHandler handler;

    Eye(AwsTestEnvironment aws, TableNames tables, String queueUrl) {
      this.aws = aws;
      this.tables = tables;
      this.queueUrl = queueUrl;
      QueryConfig config = config(queueUrl);
      this.queries =
          QueryService.create(
              config, aws.dynamoDb(), CursorKeys.fixed("deletion-api-test-signing-key-0123456789"));
      this.handler =
          new QueryHandler(
              queries,
              StatsService.create(config, (application, from, to) -> List.of()),
              DeletionRequests.create(config, aws.dynamoDb(), aws.sqs()));
    }

    void close() {
      queries.close();
    }

    private Optional<DeletionRecord> record(UUID deletion) {
      return DeletionRecords.find(aws.dynamoDb(), tables.deletions(), deletion);
    }

    private Map<String, AttributeValue> subjectItem(DeletionSubject subject) {
      return aws.dynamoDb()
          .getItem(
              b ->
                  b.tableName(tables.deletions())
                      .key(DeletionItems.subjectKey(subject))
                      .consistentRead(true))
          .item();
    }

    private long deletionRecords() {
      return aws.dynamoDb().scan(b -> b.tableName(tables.deletions())).items().stream()
          .filter(item -> item.get("deletion_key").s().startsWith("deletion#"))
          .count();
    }

    /** The deletions the queue's orders name, in the order sent; waits for {@code expected}. */
    private List<UUID> orders(int expected) {
      List<Message> messages = aws.receive(queueUrl, expected, ORDER_ARRIVES);
      assertEquals(expected, messages.size(), "orders on the queue");
      return messages.stream()
          .map(m -> DeletionOrder.fromMessage(m.body()).orElseThrow().deletion())
          .toList();
    }

    /** What the job writes when it ends: the record done, the subject no longer running. */
    private void finish(UUID deletion, DeletionSubject subject) {
      DeletionRecord accepted = record(deletion).orElseThrow();
      aws.dynamoDb()
          .putItem(
              b ->
                  b.tableName(tables.deletions())
                      .item(
                          DeletionItems.toItem(
                              new DeletionRecord(
                                  deletion,
                                  accepted.kind(),
                                  accepted.application(),
                                  accepted.subjectHash(),
                                  Optional.empty(),
                                  DeletionRecord.Status.DONE,
                                  accepted.requestedAt(),
                                  accepted.requestedBy(),
                                  Optional.of(Instant.now()),
                                  DeletionCounts.NONE))));
      aws.dynamoDb()
          .updateItem(
              b ->
                  b.tableName(tables.deletions())
                      .key(DeletionItems.subjectKey(subject))
                      .updateExpression("SET #running = :false")
                      .expressionAttributeNames(Map.of("#running", DeletionItems.RUNNING))
                      .expressionAttributeValues(Map.of(":false", AttributeValue.fromBool(false))));
    }

    /** Stores the record as the job would, then asks for its status. */
    private JsonNode status(DeletionRecord deletion) {
      aws.dynamoDb()
          .putItem(b -> b.tableName(tables.deletions()).item(DeletionItems.toItem(deletion)));
      Answer answer = send("GET", DeletionRequests.statusPath(deletion.id()), Map.of());
      assertEquals(200, answer.status(), answer.body()::toString);
      return answer.body();
    }

    // --- the handler, through the payload 2.0 events API Gateway sends ---

    private Answer send(String method, String path, Map<String, String> parameters) {
      return send(method, path, parameters, Optional.empty());
    }

    private Answer send(
        String method, String path, Map<String, String> parameters, Optional<String> caller) {
      return send(handler, method, path, parameters, caller);
    }

    /**
     * {@code path} as API Gateway hands it over: percent-decoded (so {@code %20} is sent as a space
     * here, as an HTTP API's {@code rawPath} carries it).
     */
    private static Answer send(
        QueryHandler handler,
        String method,
        String path,
        Map<String, String> parameters,
        Optional<String> caller) {
      ObjectNode event = ExactJson.MAPPER.createObjectNode();
      event.put("version", "2.0");
      event.put("rawPath", path.replace("%20", " "));
      if (!parameters.isEmpty()) {
        ObjectNode query = event.putObject("queryStringParameters");
        parameters.forEach(query::put);
      }
      ObjectNode context = event.putObject("requestContext");
      context.putObject("http").put("method", method).put("sourceIp", "198.51.100.7");
      caller.ifPresent(arn -> context.putObject("authorizer").putObject("iam").put("userArn", arn));
      event.put("isBase64Encoded", false);
      ByteArrayOutputStream output = new ByteArrayOutputStream();
      TestLambdaContext lambda = new TestLambdaContext();
      try {
        handler.handleRequest(
            new ByteArrayInputStream(EventCodec.write(event).getBytes(StandardCharsets.UTF_8)),
            output,
            lambda);
        JsonNode response = ExactJson.MAPPER.readTree(output.toByteArray());
        Map<String, String> headers = new HashMap<>();
        response
            .path("headers")
            .properties()
            .forEach(h -> headers.put(h.getKey(), h.getValue().asText()));
        return new Answer(
            response.path("statusCode").asInt(),
            headers,
            ExactJson.MAPPER.readTree(response.path("body").asText()),
            lambda.logLines());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private QueryConfig config(String deletionsQueueUrl) {
      Map<String, String> env = new HashMap<>();
      env.put("AWS_REGION", "us-east-1");
      env.put("EVENTS_TABLE", tables.events());
      env.put("INVALID_EVENTS_TABLE", tables.invalidEvents());
      env.put("IDENTITIES_TABLE", tables.identities());
      env.put("APPLICATIONS_TABLE", tables.applications());
      env.put("EVENTS_STREAM_ARN", "arn:aws:dynamodb:us-east-1:000000000000:table/e/stream/0");
      env.put(
          "INVALID_EVENTS_STREAM_ARN", "arn:aws:dynamodb:us-east-1:000000000000:table/i/stream/0");
      env.put("CURSOR_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:000000000000:secret:test");
      env.put("DELETIONS_TABLE", tables.deletions());
      env.put("DELETIONS_QUEUE_URL", deletionsQueueUrl);
      return QueryConfig.fromEnv(env);
    }
  }
}

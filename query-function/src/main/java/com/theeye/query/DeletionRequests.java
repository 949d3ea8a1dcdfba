package com.theeye.query;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.theeye.aws.AwsErrors;
import com.theeye.event.EventTimestamps;
import com.theeye.event.ExactJson;
import com.theeye.event.Uuids;
import com.theeye.http.ApiResource;
import com.theeye.http.HttpRequest;
import com.theeye.http.HttpResponse;
import com.theeye.store.DeletionCounts;
import com.theeye.store.DeletionOrder;
import com.theeye.store.DeletionRecord;
import com.theeye.store.DeletionSubject;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The deletion of a person or a session, as the data team asks for it: {@code DELETE
 * /api/v1/users/{user_id}?application=…}, {@code DELETE
 * /api/v1/anonymous/{anonymous_id}?application=…} and {@code DELETE /api/v1/sessions/{session_id}}
 * record a deletion and order its job; {@code GET /api/v1/deletions/{id}} tells where the job is
 * and what it removed. The job itself is the deletion function's. Knows nothing of Lambda.
 *
 * <p>A DELETE takes three steps: (1) the deletion's record, (2) the subject's item names it as the
 * running deletion, unless another deletion of the subject runs, which this request then joins (its
 * own record of step 1 is removed), (3) the order on the deletions queue. The job is idempotent, so
 * the order is sent again by every request that joins: an order lost on the way is recovered by
 * asking again. When the queue refuses it, the answer is 503, and the retry joins the deletion
 * already recorded. No answer or log line holds the subject's id.
 */
public final class DeletionRequests {

  /** Who asked, when no IAM signature names anyone: under {@code make run}. */
  static final String LOCAL_CALLER = "local";

  /** Seconds a client should wait before asking again after a 503. */
  static final long RETRY_AFTER_SECONDS = 5;

  static final String STORAGE_UNAVAILABLE =
      "The Eye cannot record deletions right now; retry later.";
  static final String NOT_STARTED =
      "The deletion is recorded but could not be started; retry later.";

  /**
   * How often step 2 is tried when its condition fails but no deletion runs once read: the one that
   * ran ended in between. Twice in a row is already a subject being deleted and finished as fast as
   * requests arrive.
   */
  private static final int START_ATTEMPTS = 3;

  private static final Set<ApiResource> RESOURCES =
      EnumSet.of(
          ApiResource.USER, ApiResource.ANONYMOUS, ApiResource.SESSION, ApiResource.DELETION);

  private final DeletionStore store;
  private final SqsClient sqs;
  private final String queueUrl;
  private final Clock clock;

  DeletionRequests(DeletionStore store, SqsClient sqs, String queueUrl, Clock clock) {
    this.store = store;
    this.sqs = sqs;
    this.queueUrl = queueUrl;
    this.clock = clock;
  }

  /**
   * The deletions of {@code config}'s Deletions table ({@code DELETIONS_TABLE}), ordered on its
   * queue ({@code DELETIONS_QUEUE_URL}); called once per execution environment.
   */
  public static DeletionRequests create(
      QueryConfig config, DynamoDbClient dynamoDb, SqsClient sqs) {
    return new DeletionRequests(
        new DeletionStore(dynamoDb, config.deletionsTable()),
        sqs,
        config.deletionsQueueUrl(),
        Clock.systemUTC());
  }

  /** Whether {@code path} is one of the deletions' paths. */
  static boolean serves(String path) {
    return ApiResource.of(path).filter(RESOURCES::contains).isPresent();
  }

  /** The answer where no deletions are wired: the benchmarks' and some tests' handlers. */
  static QueryOutcome notServed() {
    return refused(HttpResponse.detail(404, "Not found."), "no deletions");
  }

  QueryOutcome handle(HttpRequest request) {
    ApiResource resource = ApiResource.of(request.path()).filter(RESOURCES::contains).orElseThrow();
    if (!resource.methods().contains(request.method())) {
      return refused(resource.methodNotAllowed(request.method()), "method not allowed");
    }
    String id = resource.id(request.path()).orElseThrow();
    if (resource == ApiResource.DELETION) {
      return status(id);
    }
    return switch (SubjectParameters.read(resource, id, request.query())) {
      case SubjectParameters.Invalid invalid ->
          refused(HttpResponse.json(400, invalid.errors()), "invalid parameters");
      case SubjectParameters.Valid valid ->
          delete(valid.subject(), request.callerArn().orElse(LOCAL_CALLER));
    };
  }

  private QueryOutcome delete(DeletionSubject subject, String requestedBy) {
    String kind = "delete " + subject.kind().wireName();
    Optional<UUID> deletion;
    try {
      deletion = startOrJoin(subject, requestedBy);
    } catch (SdkException e) {
      return unavailable(
          STORAGE_UNAVAILABLE, kind, "storage unavailable: " + AwsErrors.describe(e));
    }
    if (deletion.isEmpty()) {
      return unavailable(STORAGE_UNAVAILABLE, kind, "deletions of the subject keep ending");
    }
    try {
      sqs.sendMessage(
          b -> b.queueUrl(queueUrl).messageBody(new DeletionOrder(deletion.get()).toMessage()));
    } catch (SdkException e) {
      return unavailable(NOT_STARTED, kind, "queue unavailable: " + AwsErrors.describe(e));
    }
    ObjectNode body = ExactJson.MAPPER.createObjectNode();
    body.put("deletion", deletion.get().toString());
    body.put("status", DeletionRecord.Status.ACCEPTED.wireName());
    body.put("status_url", statusPath(deletion.get()));
    return new QueryOutcome(HttpResponse.json(202, body), kind, 0, null);
  }

  /**
   * Steps 1 and 2: the id of the deletion this request started, or of the running one it joined;
   * empty when neither could be settled (deletions of the subject ending as fast as they start).
   */
  private Optional<UUID> startOrJoin(DeletionSubject subject, String requestedBy) {
    UUID id = UUID.randomUUID();
    Instant now = clock.instant();
    store.record(DeletionRecord.accepted(id, subject, now, requestedBy));
    for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
      if (store.start(subject, id, now)) {
        return Optional.of(id);
      }
      Optional<UUID> running = store.running(subject);
      if (running.isPresent()) {
        store.forget(id);
        return running;
      }
    }
    store.forget(id);
    return Optional.empty();
  }

  /** {@code GET /api/v1/deletions/{id}}: 404 for an id that is no deletion's, or no UUID. */
  private QueryOutcome status(String id) {
    Optional<UUID> deletion = Uuids.parse(id);
    if (deletion.isEmpty()) {
      return refused(HttpResponse.detail(404, "Not found."), "malformed deletion id");
    }
    Optional<DeletionRecord> found;
    try {
      found = store.find(deletion.get());
    } catch (SdkException e) {
      return unavailable(
          QueryService.STORAGE_UNAVAILABLE,
          "deletion status",
          "storage unavailable: " + AwsErrors.describe(e));
    }
    if (found.isEmpty()) {
      return refused(HttpResponse.detail(404, "Not found."), "unknown deletion");
    }
    return new QueryOutcome(HttpResponse.json(200, view(found.get())), "deletion status", 1, null);
  }

  /** A deletion as its status answer shows it: the audit's fields, never the subject's id. */
  static ObjectNode view(DeletionRecord deletion) {
    ObjectNode body = ExactJson.MAPPER.createObjectNode();
    body.put("deletion", deletion.id().toString());
    body.put("kind", deletion.kind().wireName());
    body.put("application", deletion.application().map(UUID::toString).orElse(null));
    body.put("status", deletion.status().wireName());
    body.put("requested_at", EventTimestamps.format(deletion.requestedAt()));
    body.put("requested_by", deletion.requestedBy());
    body.put("finished_at", deletion.finishedAt().map(EventTimestamps::format).orElse(null));
    DeletionCounts counts = deletion.counts();
    ObjectNode deleted = body.putObject("deleted");
    deleted.put("events", counts.events());
    deleted.put("invalid_events", counts.invalidEvents());
    deleted.put("identities", counts.identities());
    deleted.put("message_claims", counts.messageClaims());
    deleted.put("sessions", counts.sessions());
    return body;
  }

  /** Where a deletion's status is read: {@code /api/v1/deletions/<id>}. */
  static String statusPath(UUID deletion) {
    return ApiResource.DELETION.path() + "/" + deletion;
  }

  private static QueryOutcome unavailable(String detail, String kind, String problem) {
    return new QueryOutcome(
        HttpResponse.detail(503, detail)
            .withHeader("retry-after", Long.toString(RETRY_AFTER_SECONDS)),
        kind,
        0,
        problem);
  }

  private static QueryOutcome refused(HttpResponse response, String problem) {
    return new QueryOutcome(response, null, 0, problem);
  }
}

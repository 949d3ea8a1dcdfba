package com.theeye.processor;

import com.theeye.event.Event;
import com.theeye.event.EventCodec;
import com.theeye.event.EventIds;
import com.theeye.event.MalformedEventException;
import com.theeye.processor.MessageResult.Outcome;
import com.theeye.store.TrustedApplications;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Processes one SQS batch: each message validated and stored on its own, a few at a time, so one
 * message's failure never fails its batch-mates. Knows nothing of Lambda; {@link ProcessorHandler}
 * adapts it.
 */
public final class BatchProcessor implements AutoCloseable {

  /**
   * How long the processor remembers a verdict on a sender: as long as the ingest does, so revoking
   * an application stops its queued events within a minute.
   */
  static final Duration TRUSTED_TTL = Duration.ofSeconds(60);

  static final Duration UNTRUSTED_TTL = Duration.ofSeconds(10);

  private final ProcessorConfig config;
  private final DynamoDbClient dynamoDb;
  private final TrustedApplications senders;
  private final EventValidator validator;
  private final SessionOwners sessionOwners;
  private final EventStore store;
  private final ExecutorService workers;

  private BatchProcessor(
      ProcessorConfig config,
      DynamoDbClient dynamoDb,
      EventValidator validator,
      ExecutorService workers) {
    this.config = config;
    this.dynamoDb = dynamoDb;
    this.validator = validator;
    this.senders =
        new TrustedApplications(
            dynamoDb, config.applicationsTable(), TRUSTED_TTL, UNTRUSTED_TTL, Clock.systemUTC());
    this.sessionOwners = new SessionOwners(dynamoDb, config.sessionsTable(), Clock.systemUTC());
    this.store =
        new EventStore(
            dynamoDb,
            config.eventsTable(),
            config.invalidEventsTable(),
            new Shards(config.indexShards()),
            config.retention());
    this.workers = workers;
  }

  /** Wires the processor for {@code config}; called once per execution environment. */
  public static BatchProcessor create(
      ProcessorConfig config, DynamoDbClient dynamoDb, SchemaRegistry schemas) {
    return new BatchProcessor(
        config,
        dynamoDb,
        new EventValidator(schemas, config.unknownEventTypes(), config.clockSkew()),
        Executors.newFixedThreadPool(
            config.batchConcurrency(),
            Thread.ofPlatform().daemon().name("batch-worker-", 0).factory()));
  }

  /**
   * This processor's twin for SnapStart priming: the same validator and workers, its own session
   * cache, and a DynamoDB that reads the real tables but writes nothing ({@link DryRunDynamoDb}),
   * so {@link #process} runs whole and stores and claims nothing. It shares this processor's
   * workers: close this one, not the twin.
   */
  BatchProcessor dryRun() {
    return new BatchProcessor(config, new DryRunDynamoDb(dynamoDb), validator, workers);
  }

  /** Where {@link ProcessorHandler} publishes each batch's counts. */
  String metricsNamespace() {
    return config.metricsNamespace();
  }

  public BatchResult process(List<QueueMessage> messages) {
    long start = System.nanoTime();
    List<CompletableFuture<MessageResult>> pending =
        messages.stream()
            .map(m -> CompletableFuture.supplyAsync(() -> process(m), workers))
            .toList();
    List<MessageResult> results = pending.stream().map(CompletableFuture::join).toList();
    return new BatchResult(results, Duration.ofNanos(System.nanoTime() - start));
  }

  MessageResult process(QueueMessage message) {
    Event event;
    try {
      event = EventCodec.fromMessage(message.body());
    } catch (MalformedEventException e) {
      return MessageResult.failed(message.messageId(), "malformed event: " + withoutQuotedInput(e));
    }
    try {
      // The queue is no proof of anything: whoever can send to it could have written the message.
      List<Violation> distrust = distrust(event);
      if (!distrust.isEmpty()) {
        return MessageResult.of(
            message.messageId(),
            outcomeOf(
                store.putInvalid(withDerivedId(event), message.body(), distrust), Outcome.INVALID));
      }
      Verdict verdict = validator.judge(event);
      if (verdict.valid() && !sessionOwners.claim(event.sessionId(), event.application())) {
        verdict =
            new Verdict(
                List.of(
                    new Violation(
                        Violation.SESSION_OF_ANOTHER_APPLICATION,
                        "session_id",
                        "This session belongs to another application.")),
                verdict.schemaVersion());
      }
      if (verdict.valid()) {
        EventStore.Write write = store.putValid(event, verdict.schemaVersion());
        // After the put: a replay that fails in between is retried and finds the event stored.
        message.replayedAt().ifPresent(at -> store.markReplayedAsStored(event.id(), at));
        return MessageResult.of(message.messageId(), outcomeOf(write, Outcome.STORED));
      }
      EventStore.Write write =
          message.replayedAt().isPresent()
              ? store.putInvalidOnReplay(event, message.body(), verdict, message.replayedAt().get())
              : store.putInvalid(event, message.body(), verdict);
      return MessageResult.of(message.messageId(), outcomeOf(write, Outcome.INVALID));
    } catch (RuntimeException e) {
      // Throttling, 5xx, timeouts, refused connections, or a bug: SQS redelivers, and after
      // maxReceiveCount the message waits in the DLQ. Never dropped.
      return MessageResult.failed(message.messageId(), describe(e));
    }
  }

  /**
   * Why the message's sender or id cannot be believed; empty when both can. An untrusted sender
   * claims no session and stores no valid event.
   */
  private List<Violation> distrust(Event event) {
    List<Violation> found = new ArrayList<>();
    if (!derivedId(event).equals(event.id())) {
      found.add(
          new Violation(
              Violation.ID_NOT_FROM_CONTENT,
              "id",
              "The id is not the one derived from the event's content."));
    }
    if (!senders.isTrusted(event.application())) {
      found.add(
          new Violation(
              Violation.UNTRUSTED_APPLICATION,
              "application",
              "The application is unknown or disabled."));
    }
    return found;
  }

  private static String derivedId(Event event) {
    return EventIds.derive(
        event.application(),
        event.sessionId(),
        event.category(),
        event.name(),
        event.timestamp(),
        event.data());
  }

  // Kept under the id its content gives, so a forged id can neither shadow another event's invalid
  // item nor take its place.
  private static Event withDerivedId(Event event) {
    return new Event(
        derivedId(event),
        event.application(),
        event.sessionId(),
        event.category(),
        event.name(),
        event.data(),
        event.timestamp(),
        event.receivedAt());
  }

  @Override
  public void close() {
    workers.shutdownNow();
  }

  private static Outcome outcomeOf(EventStore.Write write, Outcome whenStored) {
    return write == EventStore.Write.STORED ? whenStored : Outcome.DUPLICATE;
  }

  // Jackson's parse errors quote the offending input after a colon; the log must not carry event
  // content.
  private static String withoutQuotedInput(MalformedEventException e) {
    String reason = e.getMessage();
    int colon = reason.indexOf(':');
    return colon < 0 ? reason : reason.substring(0, colon);
  }

  private static String describe(RuntimeException e) {
    if (e instanceof AwsServiceException service) {
      return "storage failed: "
          + service.awsErrorDetails().errorCode()
          + " (HTTP "
          + service.statusCode()
          + ")";
    }
    if (e instanceof SdkException) {
      return "storage failed: " + e.getClass().getSimpleName() + ": " + e.getMessage();
    }
    return "processing failed: " + e.getClass().getName();
  }
}

package com.theeye.processor;

import com.theeye.accounting.AccountingMetric;
import com.theeye.accounting.EventTally;
import com.theeye.aws.AwsErrors;
import com.theeye.event.Event;
import com.theeye.event.EventCodec;
import com.theeye.event.EventIds;
import com.theeye.event.MalformedEventException;
import com.theeye.processor.MessageResult.EventOutcome;
import com.theeye.store.TrustedApplications;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Processes one SQS batch: each event of each message validated and stored on its own, a few at a
 * time, so one event's failure never fails its batch-mates; a message is handed back to SQS only
 * when one of its own events failed. An event DynamoDB throttles is retried within the invocation
 * ({@link ThrottledRetries}) and, still throttled at the cutoff, put back on the queue ({@link
 * ThrottledHandBack}) so that throttling alone never uses up a message's receives. Each event's
 * outcome is counted for the accounting ({@link EventTally}) when its message is done with:
 * processed, handed back, or failed on its last receive, when SQS moves it to the dead-letter queue
 * ({@link SettledMessage}). Knows nothing of Lambda; {@link ProcessorHandler} adapts it.
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
  private final SuppressedPeople suppressedPeople;
  private final EventStore store;
  private final ExecutorService workers;
  private final ThrottledRetries retries;
  private final ThrottledHandBack handBack;

  private BatchProcessor(
      ProcessorConfig config,
      DynamoDbClient dynamoDb,
      ThrottledHandBack handBack,
      EventValidator validator,
      ExecutorService workers) {
    this.config = config;
    this.dynamoDb = dynamoDb;
    this.validator = validator;
    this.senders =
        new TrustedApplications(
            dynamoDb, config.applicationsTable(), TRUSTED_TTL, UNTRUSTED_TTL, Clock.systemUTC());
    this.sessionOwners = new SessionOwners(dynamoDb, config.sessionsTable(), Clock.systemUTC());
    this.suppressedPeople =
        new SuppressedPeople(
            dynamoDb, config.deletionsTable(), config.suppressionCache(), Clock.systemUTC());
    this.store =
        new EventStore(
            dynamoDb,
            config.eventsTable(),
            config.invalidEventsTable(),
            new Shards(config.indexShards()),
            config.retention(),
            new IdentityLog(dynamoDb, config.identitiesTable()),
            new MessageIdClaims(dynamoDb, config.sessionsTable()));
    this.workers = workers;
    this.retries = new ThrottledRetries(workers);
    this.handBack = handBack;
  }

  /**
   * Wires the processor for {@code config}; called once per execution environment.
   *
   * @param sqs where events still throttled at an invocation's cutoff go back to ({@code
   *     EVENTS_QUEUE_URL})
   */
  public static BatchProcessor create(
      ProcessorConfig config, DynamoDbClient dynamoDb, SqsClient sqs, SchemaRegistry schemas) {
    return new BatchProcessor(
        config,
        dynamoDb,
        new ThrottledHandBack(sqs, config.eventsQueueUrl()),
        new EventValidator(schemas, config.unknownEventTypes(), config.clockSkew()),
        Executors.newFixedThreadPool(
            config.batchConcurrency(),
            Thread.ofPlatform().daemon().name("batch-worker-", 0).factory()));
  }

  /**
   * This processor's twin for SnapStart priming: the same validator and workers, its own session
   * cache, and a DynamoDB that reads the real tables but writes nothing ({@link DryRunDynamoDb}),
   * so {@link #process} runs whole and stores and claims nothing; what is throttled fails its
   * message instead of going back on the queue. It shares this processor's workers: close this one,
   * not the twin.
   */
  BatchProcessor dryRun() {
    return new BatchProcessor(
        config, new DryRunDynamoDb(dynamoDb), handBack.sendingNothing(), validator, workers);
  }

  /** Where {@link ProcessorHandler} publishes each batch's counts. */
  String metricsNamespace() {
    return config.metricsNamespace();
  }

  /**
   * Processes a batch, retrying throttled events until {@code cutoff}, then handing back what is
   * still throttled.
   */
  BatchResult process(List<QueueMessage> messages, RetryCutoff cutoff) {
    long start = System.nanoTime();
    LongAdder retried = new LongAdder();
    // Every event of every message on the pool at once: a packed message of 100 events is stored
    // as fast as 100 messages of one.
    List<List<CompletableFuture<EventResult>>> pending =
        messages.stream().map(message -> submit(message, cutoff, retried)).toList();
    List<SettledMessage> settled = new ArrayList<>(messages.size());
    for (int i = 0; i < messages.size(); i++) {
      settled.add(
          new SettledMessage(
              messages.get(i),
              pending.get(i).stream().map(CompletableFuture::join).toList(),
              config.maxReceiveCount()));
    }
    return new BatchResult(
        results(settled), retried.sum(), Duration.ofNanos(System.nanoTime() - start));
  }

  /** Processes a batch without retries: whatever is throttled is handed back at once. */
  public BatchResult process(List<QueueMessage> messages) {
    return process(messages, RetryCutoff.now());
  }

  /** One message on its own, as {@link #process(List)} would take it in a batch of one. */
  MessageResult process(QueueMessage message) {
    return process(List.of(message)).results().getFirst();
  }

  /** Each message's result, in order, once those waiting only on throttling are handed back. */
  private List<MessageResult> results(List<SettledMessage> settled) {
    List<SettledMessage> throttled =
        settled.stream().filter(SettledMessage::waitsOnlyOnThrottling).toList();
    Iterator<MessageResult> handedBack = handBack.handBack(throttled).iterator();
    return settled.stream()
        .map(m -> m.waitsOnlyOnThrottling() ? handedBack.next() : m.result())
        .toList();
  }

  /**
   * What became of one event of a message.
   *
   * @param decoded the event as its message held it; empty when the message could not be read
   * @param throttled whether DynamoDB throttled it (the outcome is then {@code FAILED}): {@code
   *     decoded} is what a retry processes again and a hand-back puts back on the queue
   * @param tallies what it adds to the accounting when its message is done with
   */
  record EventResult(
      EventOutcome outcome,
      Optional<String> failure,
      Optional<EventCodec.DecodedEvent> decoded,
      boolean throttled,
      List<EventTally> tallies) {

    static EventResult of(
        EventCodec.DecodedEvent decoded, EventOutcome outcome, List<EventTally> tallies) {
      return new EventResult(outcome, Optional.empty(), Optional.of(decoded), false, tallies);
    }

    static EventResult failed(Optional<EventCodec.DecodedEvent> decoded, String why) {
      return new EventResult(EventOutcome.FAILED, Optional.of(why), decoded, false, List.of());
    }

    static EventResult throttled(String why, EventCodec.DecodedEvent decoded) {
      return new EventResult(
          EventOutcome.FAILED, Optional.of(why), Optional.of(decoded), true, List.of());
    }

    boolean isThrottled() {
      return throttled;
    }
  }

  private List<CompletableFuture<EventResult>> submit(
      QueueMessage message, RetryCutoff cutoff, LongAdder retried) {
    List<EventCodec.DecodedEvent> events;
    try {
      events = EventCodec.fromAnyMessage(message.body());
    } catch (MalformedEventException e) {
      return List.of(
          CompletableFuture.completedFuture(
              EventResult.failed(
                  Optional.empty(), "malformed event: " + withoutQuotedInput(e.getMessage()))));
    } catch (RuntimeException e) {
      // A message nothing here expected must fail alone, never the batch it came in.
      return List.of(
          CompletableFuture.completedFuture(EventResult.failed(Optional.empty(), describe(e))));
    }
    return events.stream()
        .map(
            event ->
                retries.run(
                    () -> process(event, message), EventResult::isThrottled, cutoff, retried))
        .toList();
  }

  /**
   * Validates and stores one event with its own conditional put, whatever else its message carries:
   * a redelivered message finds the events already stored and counts them as duplicates. An event
   * of a suppressed person ({@link SuppressedPeople}) is neither stored nor kept as invalid, a
   * replayed one neither. The message's replay mark ({@code make replay}) changes what it counts
   * ({@link #result}).
   */
  EventResult process(EventCodec.DecodedEvent decoded, QueueMessage message) {
    if (decoded.event().isEmpty()) {
      return EventResult.failed(
          Optional.of(decoded),
          "malformed event: " + withoutQuotedInput(decoded.malformed().orElseThrow()));
    }
    Event event = decoded.event().get();
    Optional<Instant> replayedAt = message.replayedAt();
    try {
      // The queue is no proof of anything: whoever can send to it could have written the message.
      TrustedApplications.Trust sender = senders.trust(event.application());
      // A deleted person's later events are kept nowhere, not even as invalid, whatever else is
      // wrong with them: counted, and dropped.
      if (suppressedPeople.suppresses(event)) {
        return result(
            decoded,
            EventOutcome.SUPPRESSED,
            List.of(
                EventTally.of(
                    event.id(),
                    event.application(),
                    event.receivedAt(),
                    AccountingMetric.SUPPRESSED)),
            message);
      }
      List<Violation> distrust = distrust(event, sender);
      if (!distrust.isEmpty()) {
        EventStore.Write write =
            store.putInvalid(withDerivedId(event), decoded.message(), distrust);
        return result(
            decoded,
            outcomeOf(write, EventOutcome.INVALID),
            invalidTally(event, write, EventStore.reasonOf(distrust)),
            message);
      }
      Verdict verdict = validator.judge(event, sender.unknownTypes());
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
        EventStore.Write write = store.putValid(event, verdict);
        // After the put: a replay that fails in between is retried and finds the event stored.
        Optional<String> revalidated =
            replayedAt.flatMap(at -> store.markReplayedAsStored(event.id(), at));
        List<EventTally> tallies =
            replayedAt.isPresent()
                ? revalidated.stream()
                    .map(
                        reason ->
                            EventTally.because(
                                event.id(),
                                event.application(),
                                event.receivedAt(),
                                AccountingMetric.REVALIDATED,
                                reason))
                    .toList()
                : List.of(storedTally(event, write));
        return result(decoded, outcomeOf(write, EventOutcome.STORED), tallies, message);
      }
      EventStore.Write write =
          replayedAt.isPresent()
              ? store.putInvalidOnReplay(event, decoded.message(), verdict, replayedAt.get())
              : store.putInvalid(event, decoded.message(), verdict);
      return result(
          decoded,
          outcomeOf(write, EventOutcome.INVALID),
          invalidTally(event, write, EventStore.reasonOf(verdict.violations())),
          message);
    } catch (RuntimeException e) {
      // Throttling is retried, then handed back to the queue. 5xx, timeouts, refused connections,
      // or a bug: SQS redelivers the message, and after maxReceiveCount it waits in the DLQ. Never
      // dropped.
      return isThrottling(e)
          ? EventResult.throttled(describe(e), decoded)
          : EventResult.failed(Optional.of(decoded), describe(e));
    }
  }

  /**
   * The event's result with what it counts. A replay counts only what it moves from invalid to
   * stored: the event's outcome was counted when it first arrived.
   */
  private static EventResult result(
      EventCodec.DecodedEvent decoded,
      EventOutcome outcome,
      List<EventTally> tallies,
      QueueMessage message) {
    if (message.replayedAt().isPresent()) {
      return EventResult.of(
          decoded,
          outcome,
          tallies.stream().filter(t -> t.metric() == AccountingMetric.REVALIDATED).toList());
    }
    return EventResult.of(decoded, outcome, tallies);
  }

  /**
   * A put that found the item: a duplicate when another accept stored it, the accept's outcome
   * (stored) when it was this same accept, whose earlier delivery was never counted (its message
   * was handed back, or its function stopped before it counted).
   */
  private static EventTally storedTally(Event event, EventStore.Write write) {
    return EventTally.of(
        event.id(),
        event.application(),
        event.receivedAt(),
        write == EventStore.Write.ALREADY_STORED
            ? AccountingMetric.DUPLICATE
            : AccountingMetric.STORED);
  }

  private static List<EventTally> invalidTally(Event event, EventStore.Write write, String reason) {
    return List.of(
        write == EventStore.Write.ALREADY_STORED
            ? EventTally.of(
                event.id(), event.application(), event.receivedAt(), AccountingMetric.DUPLICATE)
            : EventTally.because(
                event.id(),
                event.application(),
                event.receivedAt(),
                AccountingMetric.INVALID,
                reason));
  }

  /**
   * Why the message's sender or id cannot be believed; empty when both can. An untrusted sender
   * claims no session and stores no valid event.
   */
  private List<Violation> distrust(Event event, TrustedApplications.Trust sender) {
    List<Violation> found = new ArrayList<>();
    if (!EventIds.of(event).equals(event.id())) {
      found.add(
          new Violation(
              Violation.ID_NOT_FROM_CONTENT,
              "id",
              "The id is not the one derived from the event's content."));
    }
    if (!sender.trusted()) {
      found.add(
          new Violation(
              Violation.UNTRUSTED_APPLICATION,
              "application",
              "The application is unknown or disabled."));
    }
    return found;
  }

  // Kept under the id its content gives, so a forged id can neither shadow another event's invalid
  // item nor take its place.
  private static Event withDerivedId(Event event) {
    return event.withId(EventIds.of(event));
  }

  @Override
  public void close() {
    workers.shutdownNow();
  }

  private static EventOutcome outcomeOf(EventStore.Write write, EventOutcome whenStored) {
    return write == EventStore.Write.STORED ? whenStored : EventOutcome.DUPLICATE;
  }

  // Jackson's parse errors quote the offending input after a colon; the log must not carry event
  // content.
  private static String withoutQuotedInput(String reason) {
    int colon = reason.indexOf(':');
    return colon < 0 ? reason : reason.substring(0, colon);
  }

  /**
   * Whether DynamoDB (or any AWS service the event's work called) refused the call for throughput:
   * the SDK's own classification, the one its standard retries use: HTTP 429, or an error code such
   * as {@code ProvisionedThroughputExceededException}, {@code ThrottlingException} or {@code
   * RequestLimitExceeded} (software.amazon.awssdk.awscore.internal.AwsErrorCode).
   */
  static boolean isThrottling(RuntimeException e) {
    return e instanceof SdkServiceException service && service.isThrottlingException();
  }

  private static String describe(RuntimeException e) {
    return e instanceof SdkException sdk
        ? "storage failed: " + AwsErrors.describe(sdk)
        : "processing failed: " + e.getClass().getName();
  }
}

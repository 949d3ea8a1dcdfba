package com.theeye.operator;

import com.theeye.event.Event;
import com.theeye.event.EventCodec;
import com.theeye.event.EventTimestamps;
import com.theeye.event.MalformedEventException;
import com.theeye.event.ReplayMarker;
import com.theeye.store.InvalidEventReplay;
import com.theeye.store.StoredInvalidEvent;
import com.theeye.store.TrustedApplication;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Sends the invalid events of a window back through the processor: each one's message is put on the
 * events queue as the ingest function wrote it ({@link EventCodec#toMessage}, same id), marked with
 * the replay's start time ({@link ReplayMarker}), so the processor decides again with its current
 * schemas and records the outcome on the invalid record. Events a replay already stored are
 * skipped; the processor's conditional writes make sending any event twice harmless.
 */
public final class Replayer {

  private static final int SEND_BATCH = 10;

  private final DynamoDbClient dynamoDb;
  private final SqsClient sqs;
  private final ReplayTarget target;
  private final Clock clock;
  private final PrintStream progress;

  public Replayer(
      DynamoDbClient dynamoDb,
      SqsClient sqs,
      ReplayTarget target,
      Clock clock,
      PrintStream progress) {
    this.dynamoDb = dynamoDb;
    this.sqs = sqs;
    this.target = target;
    this.clock = clock;
    this.progress = progress;
  }

  public ReplayReport replay(ReplayOptions options) {
    Instant replayedAt = EventTimestamps.normalize(clock.instant());
    List<UUID> applications = applications(options);
    InvalidEventPages pages =
        new InvalidEventPages(dynamoDb, target.invalidEventsTable(), target.indexShards());
    long[] counts = new long[3]; // found, already stored, re-sent
    List<SendMessageBatchRequestEntry> pending = new ArrayList<>();
    forEachMatching(
        applications,
        options,
        pages,
        invalid -> {
          counts[0]++;
          if (storedByAReplay(invalid)) {
            counts[1]++;
            return;
          }
          counts[2]++;
          if (!options.dryRun()) {
            pending.add(entry(pending.size(), invalid, replayedAt));
            if (pending.size() == SEND_BATCH) {
              send(pending);
            }
          }
        });
    if (!pending.isEmpty()) {
      send(pending);
    }
    Optional<ReplayReport.Outcomes> outcomes = Optional.empty();
    if (!options.dryRun() && counts[2] > 0) {
      progress.println(
          "re-sent "
              + counts[2]
              + "; waiting up to "
              + options.drainWait().toSeconds()
              + " s for the queue to drain...");
      if (drained(options.drainWait())) {
        outcomes = Optional.of(outcomes(applications, options, pages, replayedAt));
      }
    }
    return new ReplayReport(counts[0], counts[1], counts[2], options.dryRun(), outcomes);
  }

  /** The window read again: what this replay's messages became. */
  private ReplayReport.Outcomes outcomes(
      List<UUID> applications, ReplayOptions options, InvalidEventPages pages, Instant replayedAt) {
    long[] counts = new long[2]; // stored, still invalid
    forEachMatching(
        applications,
        options,
        pages,
        invalid -> {
          if (!storedByAReplay(invalid)) {
            counts[1]++;
          } else if (invalid.replay().get().replayedAt().equals(replayedAt)) {
            counts[0]++;
          }
        });
    return new ReplayReport.Outcomes(counts[0], counts[1]);
  }

  /** Each invalid event of the window, of the applications, that passes the options' filters. */
  private static void forEachMatching(
      List<UUID> applications,
      ReplayOptions options,
      InvalidEventPages pages,
      Consumer<StoredInvalidEvent> each) {
    for (UUID application : applications) {
      pages.forEach(
          application,
          options.from(),
          options.to(),
          invalid -> {
            if (matches(invalid, options)) {
              each.accept(invalid);
            }
          });
    }
  }

  private List<UUID> applications(ReplayOptions options) {
    if (options.application().isPresent()) {
      return List.of(options.application().get());
    }
    // Disabled applications too: their invalid events are as much worth recovering.
    return new TrustedApplicationRegistry(dynamoDb, target.applicationsTable(), clock)
        .list().stream().map(TrustedApplication::id).toList();
  }

  private static boolean matches(StoredInvalidEvent invalid, ReplayOptions options) {
    if (options.category().isEmpty()) {
      return true;
    }
    Event event;
    try {
      event = EventCodec.fromMessage(invalid.message());
    } catch (MalformedEventException e) {
      return false;
    }
    return event.category().equals(options.category().get())
        && options.name().map(event.name()::equals).orElse(true);
  }

  private static boolean storedByAReplay(StoredInvalidEvent invalid) {
    return invalid
        .replay()
        .map(r -> r.outcome() == InvalidEventReplay.ReplayOutcome.STORED)
        .orElse(false);
  }

  /** The message exactly as the ingest function writes it, re-encoded by today's codec. */
  private static SendMessageBatchRequestEntry entry(
      int index, StoredInvalidEvent invalid, Instant replayedAt) {
    String body = EventCodec.toMessage(EventCodec.fromMessage(invalid.message()));
    return SendMessageBatchRequestEntry.builder()
        .id(Integer.toString(index))
        .messageBody(body)
        .messageAttributes(
            Map.of(
                ReplayMarker.ATTRIBUTE,
                MessageAttributeValue.builder()
                    .dataType(ReplayMarker.DATA_TYPE)
                    .stringValue(ReplayMarker.format(replayedAt))
                    .build()))
        .build();
  }

  private void send(List<SendMessageBatchRequestEntry> entries) {
    List<SendMessageBatchRequestEntry> toSend = List.copyOf(entries);
    entries.clear();
    SendMessageBatchResponse response =
        sqs.sendMessageBatch(b -> b.queueUrl(target.eventsQueueUrl()).entries(toSend));
    if (response.hasFailed() && !response.failed().isEmpty()) {
      // Nothing is lost by stopping: what was sent is harmless to send again on the next run.
      throw new IllegalStateException(
          "SQS refused "
              + response.failed().size()
              + " message(s) ("
              + response.failed().getFirst().code()
              + "): run the replay again");
    }
  }

  /** Whether the queue holds nothing, waiting or in flight, within {@code wait}. */
  private boolean drained(Duration wait) {
    // Elapsed time against the wait, never a deadline: nanoTime's origin is arbitrary, so adding
    // to it can overflow where a difference cannot (System.nanoTime's Javadoc).
    long started = System.nanoTime();
    long waitNanos = wait.toNanos();
    while (true) {
      Map<QueueAttributeName, String> attributes =
          sqs.getQueueAttributes(
                  b ->
                      b.queueUrl(target.eventsQueueUrl())
                          .attributeNames(
                              QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                              QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
              .attributes();
      long depth =
          Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
              + Long.parseLong(
                  attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
      if (depth == 0) {
        return true;
      }
      if (System.nanoTime() - started > waitNanos) {
        return false;
      }
      try {
        Thread.sleep(Duration.ofMillis(200));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }
}

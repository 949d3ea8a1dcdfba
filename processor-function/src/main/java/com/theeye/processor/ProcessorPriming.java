package com.theeye.processor;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.theeye.event.ClientClock;
import com.theeye.event.Event;
import com.theeye.event.EventCodec;
import com.theeye.event.EventTimestamps;
import com.theeye.event.ExactJson;
import com.theeye.event.Identity;
import com.theeye.event.SegmentMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * SnapStart priming for the processor: batches sent through {@link ProcessorHandler#handle}, the
 * path every SQS batch takes, before the snapshot, so a restored environment finds its classes
 * loaded and initialized, its hot methods compiled and the DynamoDB client's call path (endpoint
 * rules, signing, HTTP) already taken. See AWS's "Lambda SnapStart runtime hooks for Java".
 *
 * <p>Without side effects, by construction: the batches go to the processor's dry-run twin ({@link
 * BatchProcessor#dryRun}). Each holds a valid event of a random session and anonymous id, whose
 * suppression is read (a GetItem on Deletions, finding none) and whose owner is read (a GetItem on
 * Sessions, finding none) before its claim and put are answered without writing, and an invalid
 * one, whose put is answered likewise. Nothing is stored and no session is claimed.
 */
final class ProcessorPriming {

  /** Each round is one GetItem plus microseconds of work; enough for C1 to compile the hot path. */
  static final int ROUNDS = 20;

  private final BatchProcessor dryRun;

  ProcessorPriming(BatchProcessor dryRun) {
    this.dryRun = dryRun;
  }

  /**
   * @throws IllegalStateException when a message is not processed, e.g. the table is unreachable
   */
  void prime() {
    for (int round = 0; round < ROUNDS; round++) {
      List<String> logLines = new ArrayList<>();
      SQSBatchResponse response =
          ProcessorHandler.handle(dryRun, sampleBatch(round), RetryCutoff.now(), logLines::add);
      if (!response.getBatchItemFailures().isEmpty()) {
        throw new IllegalStateException("priming batch not processed: " + logLines);
      }
    }
  }

  private static SQSEvent sampleBatch(int round) {
    ObjectNode data = ExactJson.MAPPER.createObjectNode();
    data.put("host", "priming.invalid").put("path", "/" + round);
    ObjectNode noPath = ExactJson.MAPPER.createObjectNode().put("host", "priming.invalid");
    SQSEvent batch = new SQSEvent();
    batch.setRecords(
        List.of(
            record(
                "valid-" + round,
                pageview(data, new Identity(Optional.of(anonymousId()), Optional.empty()))),
            record("invalid-" + round, pageview(noPath, Identity.NONE))));
    return batch;
  }

  private static String pageview(ObjectNode data, Identity identity) {
    Instant now = EventTimestamps.normalize(Instant.now());
    return EventCodec.toMessage(
        Event.identified(
            UUID.randomUUID(),
            UUID.randomUUID(),
            "page interaction",
            "pageview",
            data,
            now,
            now,
            identity,
            ClientClock.NONE,
            SegmentMessage.NONE));
  }

  // No one's: a random id under a random application, so the read finds no subject item.
  private static String anonymousId() {
    return "priming-" + UUID.randomUUID();
  }

  private static SQSEvent.SQSMessage record(String messageId, String body) {
    SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
    message.setMessageId(messageId);
    message.setBody(body);
    return message;
  }
}

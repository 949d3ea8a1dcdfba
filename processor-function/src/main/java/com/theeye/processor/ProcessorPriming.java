package com.theeye.processor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.theeye.event.Event;
import com.theeye.event.EventCodec;
import com.theeye.event.EventTimestamps;
import java.time.Instant;
import java.util.UUID;

/**
 * SnapStart priming for the processor: runs the message path before the snapshot so a restored
 * environment finds its classes loaded and initialized, its hot methods compiled and the DynamoDB
 * client's call path (endpoint rules, signing, HTTP) already taken. See AWS's "Lambda SnapStart
 * runtime hooks for Java".
 *
 * <p>Without side effects: {@link BatchProcessor#rehearse} decodes, validates against the schema,
 * reads the owner of a random session that does not exist (a GetItem on Sessions) and builds the
 * item, but never puts or claims anything.
 */
final class ProcessorPriming {

  /** Each round is one GetItem plus microseconds of work; enough for C1 to compile the hot path. */
  static final int ROUNDS = 20;

  private final BatchProcessor processor;

  ProcessorPriming(BatchProcessor processor) {
    this.processor = processor;
  }

  void prime() {
    for (int round = 0; round < ROUNDS; round++) {
      processor.rehearse(new QueueMessage("priming-" + round, sampleMessage(round)));
    }
  }

  private static String sampleMessage(int round) {
    ObjectNode data = EventCodec.JSON.createObjectNode();
    data.put("host", "priming.invalid").put("path", "/" + round);
    Instant now = EventTimestamps.normalize(Instant.now());
    return EventCodec.toMessage(
        Event.identified(
            UUID.randomUUID(), UUID.randomUUID(), "page interaction", "pageview", data, now, now));
  }
}

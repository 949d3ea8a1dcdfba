package com.theeye.deletion;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.theeye.store.DeletionOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * SnapStart priming for the deletion function: orders for deletions that do not exist (random ids)
 * sent through {@link DeletionHandler#handle}, the path every order takes, so a restored
 * environment finds the decoding, the consistent GetItem on the Deletions table (endpoint rules,
 * signing, HTTP) and the log line already loaded and compiled. See AWS's "Lambda SnapStart runtime
 * hooks for Java".
 *
 * <p>Without side effects, by construction: a deletion that is not recorded is not found, and its
 * order is answered as done with, writing nothing.
 */
final class DeletionPriming {

  static final int ROUNDS = 10;

  private final DeletionJob job;

  DeletionPriming(DeletionJob job) {
    this.job = job;
  }

  /**
   * @throws IllegalStateException when an order is not processed, e.g. the table is unreachable
   */
  void prime() {
    for (int round = 0; round < ROUNDS; round++) {
      SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
      message.setMessageId("priming-" + round);
      message.setBody(new DeletionOrder(UUID.randomUUID()).toMessage());
      SQSEvent batch = new SQSEvent();
      batch.setRecords(List.of(message));
      List<String> logLines = new ArrayList<>();
      SQSBatchResponse response =
          DeletionHandler.handle(job, batch, () -> Duration.ofSeconds(30), logLines::add);
      if (!response.getBatchItemFailures().isEmpty()) {
        throw new IllegalStateException("priming order not processed: " + logLines);
      }
    }
  }
}

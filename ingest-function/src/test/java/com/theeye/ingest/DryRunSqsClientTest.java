package com.theeye.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResultEntry;

class DryRunSqsClientTest {

  private final DryRunSqsClient sqs = new DryRunSqsClient();

  @Test
  void answersEveryEntryOfABatchAsSent() {
    SendMessageBatchResponse response =
        sqs.sendMessageBatch(
            b ->
                b.queueUrl("https://sqs.invalid/events")
                    .entries(
                        SendMessageBatchRequestEntry.builder().id("0").messageBody("{}").build(),
                        SendMessageBatchRequestEntry.builder().id("1").messageBody("{}").build()));

    assertEquals(
        List.of("0", "1"),
        response.successful().stream().map(SendMessageBatchResultEntry::id).toList());
    assertTrue(response.failed().isEmpty());
  }

  @Test
  void refusesEveryOtherCall() {
    assertThrows(
        UnsupportedOperationException.class,
        () -> sqs.receiveMessage(b -> b.queueUrl("https://sqs.invalid/events")));
    assertThrows(
        UnsupportedOperationException.class,
        () -> sqs.purgeQueue(b -> b.queueUrl("https://sqs.invalid/events")));
  }
}

package com.theeye.ingest;

import java.util.UUID;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResultEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;

/**
 * An SQS client that sends nothing, for SnapStart priming: SendMessage and SendMessageBatch are
 * answered as SQS answers when it takes every message, and no call leaves the process. Every other
 * call is refused by the SDK interface's default ({@link UnsupportedOperationException}), so a call
 * added to the path later fails priming loudly instead of reaching SQS.
 */
final class DryRunSqsClient implements SqsClient {

  @Override
  public SendMessageResponse sendMessage(SendMessageRequest request) {
    return SendMessageResponse.builder().messageId(UUID.randomUUID().toString()).build();
  }

  @Override
  public SendMessageBatchResponse sendMessageBatch(SendMessageBatchRequest request) {
    return SendMessageBatchResponse.builder()
        .successful(
            request.entries().stream()
                .map(
                    entry ->
                        SendMessageBatchResultEntry.builder()
                            .id(entry.id())
                            .messageId(UUID.randomUUID().toString())
                            .build())
                .toList())
        .build();
  }

  @Override
  public String serviceName() {
    return SERVICE_NAME;
  }

  @Override
  public void close() {
    // Holds nothing.
  }
}

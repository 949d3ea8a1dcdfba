package com.theeye.bench;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * Counts what an SQS client sends and what SQS bills for it: each call is one request per 64 KB of
 * its payload (the messages' bodies and attributes), whether SendMessage or SendMessageBatch
 * ("Amazon SQS pricing"). The sizes of the messages sent are kept, so the receive and delete side
 * can be billed from the same messages.
 */
final class QueueMeter implements ExecutionInterceptor {

  private final LongAdder calls = new LongAdder();
  private final LongAdder billedRequests = new LongAdder();
  private final java.util.List<Long> messageBytes =
      java.util.Collections.synchronizedList(new java.util.ArrayList<>());

  @Override
  public void beforeExecution(
      Context.BeforeExecution context, ExecutionAttributes executionAttributes) {
    long payload = 0;
    if (context.request() instanceof SendMessageRequest send) {
      payload = message(send.messageBody(), send.messageAttributes());
    } else if (context.request() instanceof SendMessageBatchRequest batch) {
      for (SendMessageBatchRequestEntry entry : batch.entries()) {
        payload += message(entry.messageBody(), entry.messageAttributes());
      }
    } else {
      return;
    }
    calls.increment();
    billedRequests.add(chunks(payload));
  }

  private long message(String body, Map<String, MessageAttributeValue> attributes) {
    long bytes = body.getBytes(StandardCharsets.UTF_8).length;
    for (var attribute : attributes.entrySet()) {
      MessageAttributeValue value = attribute.getValue();
      bytes += attribute.getKey().getBytes(StandardCharsets.UTF_8).length;
      bytes += value.dataType().getBytes(StandardCharsets.UTF_8).length;
      bytes +=
          value.stringValue() == null
              ? 0
              : value.stringValue().getBytes(StandardCharsets.UTF_8).length;
    }
    messageBytes.add(bytes);
    return bytes;
  }

  static long chunks(long payloadBytes) {
    return Math.max(1, (long) Math.ceil(payloadBytes / AwsPrices.SQS_BILLING_CHUNK_BYTES));
  }

  long calls() {
    return calls.sum();
  }

  long billedRequests() {
    return billedRequests.sum();
  }

  long messages() {
    return messageBytes.size();
  }

  /**
   * What receiving and deleting the messages sent costs when they are taken ten at a time, as
   * Lambda's SQS poller takes them: one request per 64 KB of each receive's payload, one
   * DeleteMessageBatch per ten.
   */
  long billedReceiveAndDeleteRequests() {
    long billed = 0;
    synchronized (messageBytes) {
      for (int from = 0; from < messageBytes.size(); from += 10) {
        long payload = 0;
        for (int i = from; i < Math.min(messageBytes.size(), from + 10); i++) {
          payload += messageBytes.get(i);
        }
        billed += chunks(payload) + 1;
      }
    }
    return billed;
  }

  void reset() {
    calls.reset();
    billedRequests.reset();
    messageBytes.clear();
  }
}

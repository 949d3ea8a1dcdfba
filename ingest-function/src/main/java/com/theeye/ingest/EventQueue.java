package com.theeye.ingest;

import com.theeye.aws.AwsErrors;
import com.theeye.event.Event;
import com.theeye.event.EventCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Puts accepted events on the events queue: one event in one message; an array packed into as few
 * messages as fit SQS's message size limit ({@link EventCodec#toPackedMessage}), so an array of 100
 * small events is usually one SendMessage. Several messages go by SendMessageBatch in tens (and
 * under the batch size limit). Returns only when every event is on the queue; otherwise it throws,
 * and the caller must not answer 202. Events already sent before a failure are harmless: a client
 * retry carries the same ids, and the processor stores each id once.
 */
public final class EventQueue {

  /** SQS's limits for one SendMessageBatch call. */
  static final int MAX_ENTRIES_PER_BATCH = 10;

  /**
   * SQS now takes up to 1 MiB (1,048,576 bytes) per message and per SendMessageBatch call, the sum
   * of its messages (API reference, SendMessageBatch); a call here stays within the former 256 KiB,
   * which also suits a queue whose MaximumMessageSize is still 256 KiB. A full request
   * (MAX_BODY_BYTES, MAX_BATCH_EVENTS) therefore takes several calls; one event (at most
   * MAX_EVENT_BYTES, at most 200 KiB) with its envelope always fits one message.
   */
  static final int MAX_BATCH_BYTES = 256 * 1024;

  /**
   * The most bytes of one message: 262,144, a queue's default {@code MaximumMessageSize} ("Amazon
   * SQS message quotas", docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/
   * quotas-messages.html). The template leaves the queue at that default; SQS now allows a queue up
   * to 1 MiB, but bills every 64 KB of a request as one request, so larger messages would save no
   * money, only requests.
   */
  static final int MAX_MESSAGE_BYTES = 256 * 1024;

  /**
   * Entries a batch call reports as failed get this many more tries; the SDK already retried the
   * call itself.
   */
  private static final int ENTRY_RETRIES = 2;

  private final SqsClient sqs;
  private final String queueUrl;

  public EventQueue(SqsClient sqs, String queueUrl) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
  }

  /**
   * SQS's error codes that refuse a message for what it carries: the same message is refused again
   * however often it is sent.
   */
  static final Set<String> CONTENT_ERRORS = Set.of("InvalidMessageContents", "MessageTooLong");

  /**
   * This queue with a client that sends nothing ({@link DryRunSqsClient}): for SnapStart priming,
   * which runs {@link #send} whole without putting anything on the queue.
   */
  EventQueue dryRun() {
    return new EventQueue(new DryRunSqsClient(), queueUrl);
  }

  /**
   * Enqueues every event or throws.
   *
   * @throws QueueUnavailableException when any event could not be enqueued after retries
   * @throws QueueRefusedException when SQS refused an event for its content
   */
  public void send(List<Event> events) {
    try {
      List<String> messages = pack(events);
      if (messages.size() == 1) {
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(messages.getFirst()));
        return;
      }
      for (List<SendMessageBatchRequestEntry> batch : batches(messages)) {
        sendBatch(batch);
      }
    } catch (AwsServiceException e) {
      String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
      if (isContentError(code) || isUnreadableByEmulator(e, code)) {
        throw new QueueRefusedException("SQS refused an event: " + code);
      }
      throw new QueueUnavailableException(
          "SQS did not accept the events: " + AwsErrors.describe(e), e);
    } catch (SdkException e) {
      throw new QueueUnavailableException(
          "SQS did not accept the events: " + AwsErrors.describe(e), e);
    }
  }

  /**
   * ElasticMQ answers a body with a character SQS refuses by failing to parse the request (a 400
   * InvalidAction, MalformedRequestContentRejection); real SQS names it InvalidMessageContents.
   */
  private static boolean isUnreadableByEmulator(AwsServiceException e, String code) {
    String message = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
    return e.statusCode() == 400
        && "InvalidAction".equals(code)
        && message != null
        && message.contains("MalformedRequestContentRejection");
  }

  private static boolean isContentError(String code) {
    return code != null
        && CONTENT_ERRORS.stream().anyMatch(c -> code.equals(c) || code.endsWith("." + c));
  }

  private void sendBatch(List<SendMessageBatchRequestEntry> entries) {
    List<SendMessageBatchRequestEntry> pending = entries;
    for (int attempt = 0; attempt <= ENTRY_RETRIES; attempt++) {
      final List<SendMessageBatchRequestEntry> toSend = pending;
      SendMessageBatchResponse response =
          sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(toSend));
      if (!response.hasFailed() || response.failed().isEmpty()) {
        return;
      }
      var refused = response.failed().stream().filter(f -> isContentError(f.code())).findFirst();
      if (refused.isPresent()) {
        throw new QueueRefusedException("SQS refused an event: " + refused.get().code());
      }
      var failedIds = response.failed().stream().map(f -> f.id()).toList();
      pending = toSend.stream().filter(e -> failedIds.contains(e.id())).toList();
    }
    throw new QueueUnavailableException(
        "SQS refused "
            + pending.size()
            + " of a batch's entries after "
            + ENTRY_RETRIES
            + " retries",
        null);
  }

  /**
   * The message bodies for {@code events}: one event alone as {@link EventCodec#toMessage} writes
   * it; several packed in order, a new message started when the next event would take the current
   * one past {@link #MAX_MESSAGE_BYTES}. Every event fits a message on its own: the ingest
   * function's limit on one event ({@code MAX_EVENT_BYTES}) is far below SQS's.
   */
  static List<String> pack(List<Event> events) {
    if (events.size() == 1) {
      return List.of(EventCodec.toMessage(events.getFirst()));
    }
    List<String> messages = new ArrayList<>();
    List<String> current = new ArrayList<>();
    int currentBytes = EventCodec.PACKED_ENVELOPE_BYTES;
    for (Event event : events) {
      String body = EventCodec.toMessage(event);
      int bytes = utf8Length(body) + (current.isEmpty() ? 0 : 1);
      if (!current.isEmpty() && currentBytes + bytes > MAX_MESSAGE_BYTES) {
        messages.add(EventCodec.toPackedMessage(current));
        current = new ArrayList<>();
        currentBytes = EventCodec.PACKED_ENVELOPE_BYTES;
        bytes = utf8Length(body);
      }
      current.add(body);
      currentBytes += bytes;
    }
    messages.add(EventCodec.toPackedMessage(current));
    return messages;
  }

  /**
   * Splits into batch calls of at most ten entries and at most {@link #MAX_BATCH_BYTES} of bodies.
   */
  static List<List<SendMessageBatchRequestEntry>> batches(List<String> messages) {
    List<List<SendMessageBatchRequestEntry>> batches = new ArrayList<>();
    List<SendMessageBatchRequestEntry> current = new ArrayList<>();
    int currentBytes = 0;
    for (int i = 0; i < messages.size(); i++) {
      String body = messages.get(i);
      int bytes = utf8Length(body);
      if (current.size() == MAX_ENTRIES_PER_BATCH
          || (!current.isEmpty() && currentBytes + bytes > MAX_BATCH_BYTES)) {
        batches.add(current);
        current = new ArrayList<>();
        currentBytes = 0;
      }
      // Entry ids only need to be unique within one call.
      current.add(
          SendMessageBatchRequestEntry.builder().id(Integer.toString(i)).messageBody(body).build());
      currentBytes += bytes;
    }
    if (!current.isEmpty()) {
      batches.add(current);
    }
    return batches;
  }

  private static int utf8Length(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }
}

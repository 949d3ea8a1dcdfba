package com.theeye.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.theeye.emulators.LocalEmulators;
import com.theeye.emulators.LocalLambdaContext;
import com.theeye.emulators.QueueDepth;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResultEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * What Lambda's SQS event source mapping does, locally: long-polls the queue, hands batches to the
 * processor handler as {@link SQSEvent}s, deletes what succeeded and leaves each reported failure
 * on the queue, to come back after the visibility timeout and, after maxReceiveCount receives, move
 * to the dead-letter queue. A handler that throws, or answers with an id that was not in the batch,
 * fails the whole batch, as on AWS. Like Lambda, it works on several batches at once, each poller
 * with its own batch.
 *
 * <p>A batch stays invisible while the handler has it. On AWS it cannot outlive the visibility
 * timeout: Lambda stops a function at its timeout, and refuses a queue whose visibility timeout is
 * shorter than that (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html).
 * Locally nothing stops a handler, and on a busy machine a batch took longer than a short
 * visibility timeout: its messages were received again meanwhile, the first deletes then failed (a
 * delete needs the latest receipt handle, as on SQS), and stored events were retried and
 * dead-lettered, or dead-lettered before their dead-letter line was journaled. So a batch is
 * received for {@link #IN_HAND}, and a failed message is then made visible again when the queue's
 * visibility timeout, counted from its receive, ends: what SQS does for a handler within its
 * timeout.
 */
final class SqsEventSource implements AutoCloseable {

  /** Told of each message that leaves the events queue through this source. */
  interface QueueExits {
    /** Deleted after the processor took it. */
    void deleted(String body);

    /** Failed its last receive: the queue dead-letters it at its next receive, after this call. */
    void deadLettered(String body, int receiveCount);

    QueueExits NONE =
        new QueueExits() {
          @Override
          public void deleted(String body) {}

          @Override
          public void deadLettered(String body, int receiveCount) {}
        };
  }

  /** How long a batch may stay in the handler's hands: Lambda's longest function timeout. */
  static final Duration IN_HAND = Duration.ofMinutes(15);

  private final SqsClient sqs;
  private final String queueUrl;
  private final String queueArn;
  private final RequestHandler<SQSEvent, SQSBatchResponse> handler;
  private final int batchSize;
  private final Duration visibilityTimeout;
  private final int maxReceiveCount;
  private final QueueExits exits;
  private final Consumer<String> functionLog;
  private final Duration functionTimeout;
  private final List<Thread> pollers;
  private final Map<String, String> retryingReceipts =
      new java.util.concurrent.ConcurrentHashMap<>();
  private volatile boolean running = true;

  /** A source whose handler has the template's default timeout, ProcessorTimeout's 30 s. */
  SqsEventSource(
      SqsClient sqs,
      String queueUrl,
      String queueArn,
      RequestHandler<SQSEvent, SQSBatchResponse> handler,
      int batchSize,
      int concurrentBatches,
      Duration visibilityTimeout,
      int maxReceiveCount,
      QueueExits exits,
      Consumer<String> functionLog) {
    this(
        sqs,
        queueUrl,
        queueArn,
        handler,
        batchSize,
        concurrentBatches,
        visibilityTimeout,
        maxReceiveCount,
        exits,
        functionLog,
        LocalLambdaContext.DEFAULT_TIMEOUT);
  }

  /**
   * @param functionTimeout the handler's timeout: each invocation's context counts its remaining
   *     time down from it, as Lambda's does (the processor stops retrying throttled events by it)
   */
  SqsEventSource(
      SqsClient sqs,
      String queueUrl,
      String queueArn,
      RequestHandler<SQSEvent, SQSBatchResponse> handler,
      int batchSize,
      int concurrentBatches,
      Duration visibilityTimeout,
      int maxReceiveCount,
      QueueExits exits,
      Consumer<String> functionLog,
      Duration functionTimeout) {
    this.functionTimeout = functionTimeout;
    this.sqs = sqs;
    this.queueUrl = queueUrl;
    this.queueArn = queueArn;
    this.handler = handler;
    this.batchSize = batchSize;
    this.visibilityTimeout = visibilityTimeout;
    this.maxReceiveCount = maxReceiveCount;
    this.exits = exits;
    this.functionLog = functionLog;
    this.pollers =
        java.util.stream.IntStream.range(0, concurrentBatches)
            .mapToObj(
                i ->
                    Thread.ofPlatform()
                        .name("sqs-event-source-" + i)
                        .unstarted(this::pollUntilClosed))
            .toList();
  }

  void start() {
    pollers.forEach(Thread::start);
  }

  /**
   * Waits until the queue holds nothing, visible or in flight, or {@code timeout} passes.
   *
   * @return the messages still on the queue (0 when drained)
   */
  int drain(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int depth = depth();
    while (depth > 0 && System.nanoTime() < deadline) {
      Thread.sleep(50);
      depth = depth();
    }
    return depth;
  }

  /** Stops polling after the batch in hand is finished. */
  @Override
  public void close() {
    running = false;
    try {
      for (Thread poller : pollers) {
        poller.join(Duration.ofSeconds(30));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Makes the failed messages this source left in flight visible again at once, so a shutdown can
   * save them instead of waiting out their visibility timeout. Call after {@link #close()}.
   */
  void releaseRetrying() {
    retryingReceipts.forEach(
        (id, receipt) -> {
          try {
            sqs.changeMessageVisibility(
                b -> b.queueUrl(queueUrl).receiptHandle(receipt).visibilityTimeout(0));
          } catch (SdkException e) {
            // already deleted, moved to the dead-letter queue, or received again: nothing to
            // release
          }
        });
    retryingReceipts.clear();
  }

  private void pollUntilClosed() {
    while (running) {
      try {
        pollOnce();
      } catch (SdkException e) {
        if (running) {
          System.err.println("event source: cannot reach the queue, retrying: " + e.getMessage());
          sleepQuietly(Duration.ofSeconds(1));
        }
      }
    }
  }

  private void pollOnce() {
    long received = System.nanoTime();
    List<Message> messages =
        sqs.receiveMessage(
                b ->
                    b.queueUrl(queueUrl)
                        .maxNumberOfMessages(batchSize)
                        .waitTimeSeconds(1)
                        .visibilityTimeout((int) IN_HAND.toSeconds())
                        .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                        .messageAttributeNames("All"))
            .messages();
    if (messages.isEmpty()) {
      return;
    }
    Set<String> failedIds = invoke(messages);
    List<Message> failed =
        messages.stream().filter(m -> failedIds.contains(m.messageId())).toList();
    List<Message> done = messages.stream().filter(m -> !failedIds.contains(m.messageId())).toList();
    // Recorded while the message is still in hand: the queue moves it only at a later receive.
    failed.stream()
        .filter(m -> receiveCount(m) >= maxReceiveCount)
        .forEach(m -> exits.deadLettered(m.body(), receiveCount(m)));
    delete(done);
    retryLater(failed, Duration.ofNanos(System.nanoTime() - received));
  }

  /** Deletes what the processor took, and says which left the queue. */
  private void delete(List<Message> done) {
    done.forEach(m -> retryingReceipts.remove(m.messageId()));
    if (done.isEmpty()) {
      return;
    }
    List<DeleteMessageBatchRequestEntry> entries =
        done.stream()
            .map(
                m ->
                    DeleteMessageBatchRequestEntry.builder()
                        .id(m.messageId())
                        .receiptHandle(m.receiptHandle())
                        .build())
            .toList();
    DeleteMessageBatchResponse response =
        sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
    Set<String> deleted =
        response.successful().stream()
            .map(DeleteMessageBatchResultEntry::id)
            .collect(Collectors.toSet());
    done.stream()
        .filter(m -> deleted.contains(m.messageId()))
        .forEach(m -> exits.deleted(m.body()));
    if (response.hasFailed() && !response.failed().isEmpty()) {
      System.err.println(
          "event source: the queue did not delete "
              + response.failed().size()
              + " processed message(s) ("
              + response.failed().getFirst().code()
              + "); they come back and are processed again");
    }
  }

  /**
   * Makes failed messages visible again when the queue's visibility timeout, counted from their
   * receive, ends: at once when the batch took longer than that.
   */
  private void retryLater(List<Message> failed, Duration taken) {
    failed.forEach(m -> retryingReceipts.put(m.messageId(), m.receiptHandle()));
    if (failed.isEmpty()) {
      return;
    }
    long leftMillis = visibilityTimeout.minus(taken).toMillis();
    int after = leftMillis <= 0 ? 0 : (int) ((leftMillis + 999) / 1000);
    List<ChangeMessageVisibilityBatchRequestEntry> entries =
        failed.stream()
            .map(
                m ->
                    ChangeMessageVisibilityBatchRequestEntry.builder()
                        .id(m.messageId())
                        .receiptHandle(m.receiptHandle())
                        .visibilityTimeout(after)
                        .build())
            .toList();
    var response = sqs.changeMessageVisibilityBatch(b -> b.queueUrl(queueUrl).entries(entries));
    if (response.hasFailed() && !response.failed().isEmpty()) {
      System.err.println(
          "event source: "
              + response.failed().size()
              + " failed message(s) stay invisible for up to "
              + IN_HAND.toMinutes()
              + " min: the queue refused to show them again ("
              + response.failed().getFirst().code()
              + ")");
    }
  }

  /** Calls the handler; returns the ids to leave on the queue. */
  private Set<String> invoke(List<Message> messages) {
    Set<String> all = messages.stream().map(Message::messageId).collect(Collectors.toSet());
    SQSBatchResponse response;
    try {
      response =
          handler.handleRequest(
              toEvent(messages), new LocalLambdaContext(functionLog, functionTimeout));
    } catch (RuntimeException e) {
      System.err.println("processor failed the whole batch: " + e);
      return all;
    }
    if (response == null || response.getBatchItemFailures() == null) {
      return Set.of();
    }
    Set<String> failed =
        response.getBatchItemFailures().stream()
            .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
            .collect(Collectors.toSet());
    if (!all.containsAll(failed)) {
      System.err.println(
          "processor reported an unknown or empty message id: the whole batch is retried");
      return all;
    }
    return failed;
  }

  private SQSEvent toEvent(List<Message> messages) {
    SQSEvent event = new SQSEvent();
    event.setRecords(messages.stream().map(this::toRecord).toList());
    return event;
  }

  private SQSEvent.SQSMessage toRecord(Message message) {
    SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
    record.setMessageId(message.messageId());
    record.setReceiptHandle(message.receiptHandle());
    record.setBody(message.body());
    record.setMd5OfBody(message.md5OfBody());
    Map<String, String> attributes = new HashMap<>();
    message.attributes().forEach((name, value) -> attributes.put(name.toString(), value));
    record.setAttributes(attributes);
    // As Lambda passes them: a replay's mark (ReplayMarker) travels as a message attribute.
    Map<String, SQSEvent.MessageAttribute> messageAttributes = new HashMap<>();
    message
        .messageAttributes()
        .forEach(
            (name, value) -> {
              SQSEvent.MessageAttribute attribute = new SQSEvent.MessageAttribute();
              attribute.setDataType(value.dataType());
              attribute.setStringValue(value.stringValue());
              messageAttributes.put(name, attribute);
            });
    record.setMessageAttributes(messageAttributes);
    record.setEventSource("aws:sqs");
    record.setEventSourceArn(queueArn);
    record.setAwsRegion(LocalEmulators.REGION.id());
    return record;
  }

  private static int receiveCount(Message message) {
    return Integer.parseInt(
        message
            .attributes()
            .getOrDefault(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "1"));
  }

  private int depth() {
    return QueueDepth.of(sqs, queueUrl);
  }

  private static void sleepQuietly(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package com.theeye.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.theeye.event.Event;
import com.theeye.event.EventCodec;
import com.theeye.event.ExactJson;
import com.theeye.event.ReplayMarker;
import com.theeye.processor.MessageResult.EventOutcome;
import com.theeye.processor.MessageResult.HandBack;
import com.theeye.store.TableNames;
import com.theeye.testsupport.AwsEmulators;
import com.theeye.testsupport.AwsTestEnvironment;
import com.theeye.testsupport.Eventually;
import com.theeye.testsupport.FaultInjectingProxy;
import com.theeye.testsupport.FaultInjectingProxy.Fault;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * DynamoDB throttling, as under provisioned capacity while autoscaling follows a burst: a throttled
 * event is retried within the invocation, and what is still throttled at the cutoff goes back on
 * the queue in a new, delayed message, so its message counts as processed without using up a
 * receive. Anything else keeps the batch item failure path.
 */
@ExtendWith(AwsEmulators.class)
class ThrottlingTest {

  private static final UUID SHOP = UUID.randomUUID();

  private AwsTestEnvironment aws;
  private TableNames tables;
  private StoredItems stored;
  private FaultInjectingProxy proxy;
  private DynamoDbClient throughProxy;
  private String queueUrl;

  @BeforeEach
  void startProxy(AwsTestEnvironment aws) {
    this.aws = aws;
    tables = aws.createTables();
    aws.putApplication(tables, SHOP, "shop", true);
    stored = new StoredItems(aws.dynamoDb(), tables);
    proxy = FaultInjectingProxy.start(aws.dynamoDbEndpoint());
    throughProxy = aws.clientsFor(proxy.uri()).dynamoDb();
    queueUrl = aws.createQueue("events");
  }

  @AfterEach
  void stopProxy() {
    throughProxy.close();
    proxy.close();
  }

  @Test
  void retriesThrottledEventsWithinTheInvocationAndStoresThemOnceDynamoDbKeepsUp() {
    List<QueueMessage> batch = messagesOfOneNewSession(4);
    try (BatchProcessor processor = processor(Map.of())) {
      proxy.refuseWrites(1.0, Fault.THROTTLING);

      CompletableFuture<BatchResult> running =
          CompletableFuture.supplyAsync(
              () -> processor.process(batch, RetryCutoff.withRemaining(Duration.ofSeconds(120))));
      // Every event refused, by the SDK's attempts and then by a retry of the processor's own.
      Eventually.await(
          Duration.ofSeconds(60), proxy::faultsAnswered, n -> n >= 24, "writes refused");
      proxy.passThrough();
      BatchResult result = running.join();

      assertEquals(List.of(), result.failedMessageIds());
      assertEquals(4, result.count(EventOutcome.STORED));
      assertEquals(0, result.count(EventOutcome.HANDED_BACK));
      assertTrue(result.throttleRetries() > 0, result.logLine());
      assertEquals(4, stored.eventIds().size());
      assertEquals(0, aws.approximateDepth(queueUrl), "nothing was handed back");
    }
  }

  @Test
  void handsBackOnlyTheStillThrottledEventsInANewDelayedMessageAndCountsTheMessageAsProcessed() {
    UUID session = UUID.randomUUID();
    List<Event> events =
        IntStream.range(0, 6)
            .mapToObj(i -> TestEvents.pageview(SHOP, session, "/page/" + i))
            .toList();
    Event replayedEvent = TestEvents.pageview(SHOP, session, "/replayed");
    Instant replayedAt = Instant.parse("2026-03-02T08:00:00Z");
    QueueMessage packed = TestEvents.packed(events);
    QueueMessage replayed =
        new QueueMessage("replay-1", EventCodec.toMessage(replayedEvent), Optional.of(replayedAt));
    BatchResult result;
    try (BatchProcessor processor = processor(Map.of("BATCH_CONCURRENCY", "1"))) {
      // One event at a time: the first reads its sender's trust, reads and claims the session,
      // records the category and is stored (5 requests), the next two are stored (1 each); then
      // the tables throttle everything, past the cutoff.
      proxy.failAfter(7, Fault.THROTTLING);

      result = processor.process(List.of(packed, replayed), RetryCutoff.now());
    }

    assertEquals(List.of(), result.failedMessageIds(), "both count as processed");
    MessageResult first = result.results().get(0);
    assertEquals(
        List.of(
            EventOutcome.STORED,
            EventOutcome.STORED,
            EventOutcome.STORED,
            EventOutcome.HANDED_BACK,
            EventOutcome.HANDED_BACK,
            EventOutcome.HANDED_BACK),
        first.outcomes());
    HandBack handBack = first.handBack().orElseThrow();
    assertEquals(1, handBack.count());
    assertBetween(Duration.ofSeconds(5), Duration.ofSeconds(10), handBack.delay());
    assertEquals(Optional.of(TestEvents.RECEIVED_AT), handBack.oldestReceivedAt());
    assertEquals(
        Optional.empty(),
        result.results().get(1).handBack().orElseThrow().oldestReceivedAt(),
        "a replay's events are as old as the records it read, not late");
    assertEquals(4, result.count(EventOutcome.HANDED_BACK));
    assertEquals(3, stored.eventIds().size());

    JsonNode metrics =
        json(result.metricLine("TheEye", TestEvents.RECEIVED_AT.plusSeconds(95)).json());
    assertEquals(4, metrics.get("EventsThrottled").asLong());
    assertEquals(95, metrics.get("ThrottledEventAge").asLong());
    JsonNode log = json(result.logLine());
    assertEquals("INFO", log.get("level").asText(), "handing back is what a burst looks like");
    assertEquals(4, log.get("handed_back").asLong());
    assertEquals(packed.messageId(), log.at("/hand_backs/0/message_id").asText());
    assertEquals(3, log.at("/hand_backs/0/events").asLong());
    assertEquals(1, log.at("/hand_backs/0/hand_back").asLong());

    proxy.passThrough();
    List<Message> copies = receiveAll(2);
    Message packedCopy =
        copies.stream().filter(m -> m.body().startsWith("{\"events\"")).findFirst().orElseThrow();
    Message replayedCopy = copies.stream().filter(m -> m != packedCopy).findFirst().orElseThrow();
    assertEquals(
        EventCodec.toPackedMessage(
            events.subList(3, 6).stream().map(EventCodec::toMessage).toList()),
        packedCopy.body(),
        "only what was not stored goes back");
    assertEquals(
        "1", packedCopy.messageAttributes().get(ThrottledHandBack.ATTRIBUTE).stringValue());
    assertFalse(packedCopy.messageAttributes().containsKey(ReplayMarker.ATTRIBUTE));
    assertEquals(EventCodec.toMessage(replayedEvent), replayedCopy.body());
    assertEquals(
        ReplayMarker.format(replayedAt),
        replayedCopy.messageAttributes().get(ReplayMarker.ATTRIBUTE).stringValue(),
        "a replay stays a replay");

    List<QueueMessage> redelivered = copies.stream().map(ThrottlingTest::asLambdaDelivers).toList();
    assertEquals(
        List.of(1, 1), redelivered.stream().map(QueueMessage::throttledHandBacks).toList());
    try (BatchProcessor processor = processor(Map.of())) {
      BatchResult again = processor.process(redelivered, RetryCutoff.now());

      assertEquals(List.of(), again.failedMessageIds());
      assertEquals(4, again.count(EventOutcome.STORED));
    }
    assertEquals(7, stored.eventIds().size());
  }

  @Test
  void eachHandBackOfAMessageWaitsLongerAndALongThrottlingIsAWarning() {
    List<QueueMessage> batch = messagesOfOneNewSession(2);
    QueueMessage third = withHandBacks(batch.get(0), 3);
    QueueMessage tenth = withHandBacks(batch.get(1), ThrottledHandBack.LONG_THROTTLING - 1);
    try (BatchProcessor processor = processor(Map.of())) {
      proxy.refuseWrites(1.0, Fault.THROTTLING);

      BatchResult result = processor.process(List.of(third, tenth), RetryCutoff.now());

      HandBack fourth = result.results().get(0).handBack().orElseThrow();
      assertEquals(4, fourth.count());
      assertBetween(Duration.ofSeconds(40), Duration.ofSeconds(80), fourth.delay());
      HandBack last = result.results().get(1).handBack().orElseThrow();
      assertEquals(ThrottledHandBack.LONG_THROTTLING, last.count());
      assertBetween(Duration.ofSeconds(450), Duration.ofSeconds(900), last.delay());
      assertEquals("WARN", json(result.logLine()).get("level").asText());
    }
  }

  @Test
  void delaysDoubleWithEachHandBackUpToSqssLongestTimer() {
    long[] ceilings = {10, 20, 40, 80, 160, 320, 640, 900, 900, 900};
    for (int handBack = 1; handBack <= ceilings.length; handBack++) {
      for (int sample = 0; sample < 50; sample++) {
        assertBetween(
            Duration.ofSeconds(ceilings[handBack - 1] / 2),
            Duration.ofSeconds(ceilings[handBack - 1]),
            ThrottledHandBack.delay(handBack));
      }
    }
    assertBetween(Duration.ofSeconds(450), Duration.ofSeconds(900), ThrottledHandBack.delay(1000));
  }

  @Test
  void aMessageThatAlsoFailedForAnotherReasonTakesTheBatchItemFailurePathWhole() {
    Event valid = TestEvents.pageview(SHOP, UUID.randomUUID(), "/");
    QueueMessage halfMalformed =
        new QueueMessage(
            "half-malformed", "{\"events\":[" + EventCodec.toMessage(valid) + ",{\"id\":1}]}");
    try (BatchProcessor processor = processor(Map.of())) {
      proxy.refuseWrites(1.0, Fault.THROTTLING);

      BatchResult result = processor.process(List.of(halfMalformed), RetryCutoff.now());

      assertEquals(List.of("half-malformed"), result.failedMessageIds());
      assertEquals(0, result.count(EventOutcome.HANDED_BACK));
      assertEquals(0, aws.approximateDepth(queueUrl), "nothing handed back");
    }
  }

  @Test
  void aMessageWhoseHandBackTheQueueDoesNotTakeIsABatchItemFailure() {
    List<QueueMessage> batch = messagesOfOneNewSession(1);
    // The queue refuses connections, as in an SQS outage.
    try (BatchProcessor processor = Processors.create(throughProxy, tables)) {
      proxy.refuseWrites(1.0, Fault.THROTTLING);

      BatchResult result = processor.process(batch, RetryCutoff.now());

      assertEquals(List.of(batch.getFirst().messageId()), result.failedMessageIds());
      String reason = result.results().getFirst().failure().orElseThrow();
      assertTrue(reason.contains("ProvisionedThroughputExceededException"), reason);
      assertTrue(reason.contains("not handed back"), reason);
      assertEquals("WARN", json(result.logLine()).get("level").asText());
    }
  }

  private BatchProcessor processor(Map<String, String> settings) {
    return Processors.create(throughProxy, aws.sqs(), queueUrl, tables, settings);
  }

  private static List<QueueMessage> messagesOfOneNewSession(int count) {
    UUID session = UUID.randomUUID();
    return IntStream.range(0, count)
        .mapToObj(i -> TestEvents.message(TestEvents.pageview(SHOP, session, "/page/" + i)))
        .toList();
  }

  private static QueueMessage withHandBacks(QueueMessage message, int handBacks) {
    return new QueueMessage(message.messageId(), message.body(), message.replayedAt(), handBacks);
  }

  /** Waits out the hand-back's delay: receives {@code expected} messages with their attributes. */
  private List<Message> receiveAll(int expected) {
    List<Message> received = new ArrayList<>();
    Eventually.await(
        Duration.ofSeconds(40),
        () -> {
          received.addAll(
              aws.sqs()
                  .receiveMessage(
                      b ->
                          b.queueUrl(queueUrl)
                              .maxNumberOfMessages(10)
                              .waitTimeSeconds(1)
                              .visibilityTimeout(60)
                              .messageAttributeNames("All"))
                  .messages());
          return received.size();
        },
        n -> n >= expected,
        "the handed-back messages");
    assertEquals(
        "0",
        aws.sqs()
            .getQueueAttributes(
                b ->
                    b.queueUrl(queueUrl)
                        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))
            .attributes()
            .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED));
    return received;
  }

  /** The received message as Lambda's event source hands it to the function. */
  private static QueueMessage asLambdaDelivers(Message message) {
    SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
    record.setMessageId(message.messageId());
    record.setBody(message.body());
    Map<String, SQSEvent.MessageAttribute> attributes = new HashMap<>();
    message
        .messageAttributes()
        .forEach(
            (name, value) -> {
              SQSEvent.MessageAttribute attribute = new SQSEvent.MessageAttribute();
              attribute.setDataType(value.dataType());
              attribute.setStringValue(value.stringValue());
              attributes.put(name, attribute);
            });
    record.setMessageAttributes(attributes);
    return ProcessorHandler.queueMessage(record);
  }

  private static void assertBetween(Duration least, Duration most, Duration actual) {
    assertTrue(
        actual.compareTo(least) >= 0 && actual.compareTo(most) <= 0,
        actual + " is not within " + least + ".." + most);
  }

  private static JsonNode json(String line) {
    try {
      return ExactJson.MAPPER.readTree(line);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new AssertionError("not JSON: " + line, e);
    }
  }
}

package com.theeye.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.theeye.emulators.FreePorts;
import com.theeye.event.Event;
import com.theeye.processor.MessageResult.EventOutcome;
import com.theeye.store.TableNames;
import com.theeye.testsupport.AwsEmulators;
import com.theeye.testsupport.AwsTestEnvironment;
import com.theeye.testsupport.FaultInjectingProxy;
import com.theeye.testsupport.FaultInjectingProxy.Fault;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * DynamoDB throttling or failing mid-batch: what SQS is told, and what a redelivery then stores.
 * These processors' queue is unreachable, so what DynamoDB throttles cannot be handed back and
 * fails its message, as every throttled event did before the hand-back (ThrottlingTest has the path
 * with a queue).
 */
@ExtendWith(AwsEmulators.class)
class StorageOutageTest {

  private static final UUID SHOP = UUID.randomUUID();

  private TableNames tables;
  private StoredItems stored;
  private FaultInjectingProxy proxy;
  private DynamoDbClient throughProxy;

  @BeforeEach
  void startProxy(AwsTestEnvironment aws) {
    tables = aws.createTables();
    aws.putApplication(tables, SHOP, "shop", true);
    stored = new StoredItems(aws.dynamoDb(), tables);
    proxy = FaultInjectingProxy.start(aws.dynamoDbEndpoint());
    // The usual call timeout, not a short one: on a loaded machine a short timeout can expire
    // before the proxy's fault arrives, and the test would see a timeout instead of the outage it
    // sets up. The SDK's own retries of a throttled call still end within a few seconds.
    throughProxy = aws.clientsFor(proxy.uri()).dynamoDb();
  }

  @AfterEach
  void stopProxy() {
    throughProxy.close();
    proxy.close();
  }

  @Test
  void reportsExactlyTheUnstoredMessagesWhenThrottledMidBatchWithNoQueueToHandBackTo() {
    List<QueueMessage> batch = messagesOfOneNewSession(5);
    try (BatchProcessor processor =
        Processors.create(throughProxy, tables, Map.of("BATCH_CONCURRENCY", "1"))) {
      // One at a time: the first message reads its sender's trust, reads and claims the session,
      // records the category and stores its event (5 requests), the next two store theirs (1
      // each); then the table starts throttling.
      proxy.failAfter(7, Fault.THROTTLING);

      BatchResult throttled = processor.process(batch);

      assertEquals(ids(batch.subList(3, 5)), throttled.failedMessageIds());
      assertEquals(3, throttled.count(EventOutcome.STORED));
      assertEquals(3, stored.eventIds().size());
      assertTrue(
          throttled.logLine().contains("ProvisionedThroughputExceededException"),
          throttled.logLine());

      proxy.passThrough();
      BatchResult retried = processor.process(batch.subList(3, 5));

      assertEquals(List.of(), retried.failedMessageIds());
      assertEquals(2, retried.count(EventOutcome.STORED));
      assertEquals(5, stored.eventIds().size());
    }
  }

  @Test
  void failsAPackedMessageWhoseEventsHalfFailAndStoresTheRestOnRedelivery() {
    UUID session = UUID.randomUUID();
    List<Event> events =
        IntStream.range(0, 6)
            .mapToObj(i -> TestEvents.pageview(SHOP, session, "/page/" + i))
            .toList();
    try (BatchProcessor processor =
        Processors.create(throughProxy, tables, Map.of("BATCH_CONCURRENCY", "1"))) {
      // One event at a time: the first reads its sender's trust, reads and claims the session,
      // records the category and is stored (5 requests), the next two are stored (1 each); then
      // the table throttles the rest.
      proxy.failAfter(7, Fault.THROTTLING);

      QueueMessage delivery = TestEvents.packed(events);
      BatchResult throttled = processor.process(List.of(delivery));

      assertEquals(List.of(delivery.messageId()), throttled.failedMessageIds());
      assertEquals(3, throttled.count(EventOutcome.STORED));
      assertEquals(3, throttled.count(EventOutcome.FAILED));
      assertEquals(3, stored.eventIds().size());
      assertTrue(throttled.logLine().contains("(3 of 6 events)"), throttled.logLine());

      proxy.passThrough();
      BatchResult redelivered = processor.process(List.of(TestEvents.packed(events)));

      assertEquals(List.of(), redelivered.failedMessageIds());
      assertEquals(3, redelivered.count(EventOutcome.DUPLICATE));
      assertEquals(3, redelivered.count(EventOutcome.STORED));
      assertEquals(6, stored.eventIds().size());
    }
  }

  @Test
  void reportsTheMessagesNotStoredWhenServerErrorsBeginWhileMessagesRunConcurrently() {
    List<QueueMessage> messages = messagesOfOneNewSession(11);
    List<QueueMessage> batch = messages.subList(1, 11);
    try (BatchProcessor processor = Processors.create(throughProxy, tables)) {
      // The session's owner is known first, so each message of the batch is one write.
      assertEquals(List.of(), processor.process(messages.subList(0, 1)).failedMessageIds());
      proxy.failAfter(4, Fault.SERVER_ERROR);

      BatchResult failing = processor.process(batch);

      Set<String> storedMessages = messageIdsOfStoredEvents(batch);
      Set<String> failed = new HashSet<>(failing.failedMessageIds());
      assertFalse(failed.isEmpty(), "the outage must have hit some messages");
      assertFalse(storedMessages.isEmpty(), "messages before the outage must be stored");
      assertEquals(Set.copyOf(ids(batch)), union(failed, storedMessages), "no message may vanish");
      assertTrue(
          disjoint(failed, storedMessages), "a stored message must not be redelivered: " + failed);

      proxy.passThrough();
      BatchResult retried =
          processor.process(batch.stream().filter(m -> failed.contains(m.messageId())).toList());

      assertEquals(List.of(), retried.failedMessageIds());
      assertEquals(11, stored.eventIds().size());
    }
  }

  @Test
  void reportsEveryMessageWhenDynamoDbRefusesConnections(AwsTestEnvironment aws) {
    List<QueueMessage> batch = messagesOfOneNewSession(3);
    try (DynamoDbClient unreachable = aws.impatientClientsFor(FreePorts.deadEndpoint()).dynamoDb();
        BatchProcessor processor = Processors.create(unreachable, tables)) {

      BatchResult result = processor.process(batch);

      assertEquals(ids(batch), result.failedMessageIds());
      assertEquals(List.of(), stored.eventIds());
    }
  }

  private static List<QueueMessage> messagesOfOneNewSession(int count) {
    UUID session = UUID.randomUUID();
    return IntStream.range(0, count)
        .mapToObj(i -> TestEvents.message(TestEvents.pageview(SHOP, session, "/page/" + i)))
        .toList();
  }

  private Set<String> messageIdsOfStoredEvents(List<QueueMessage> batch) {
    Set<String> storedIds = new HashSet<>(stored.eventIds());
    Set<String> messageIds = new HashSet<>();
    for (QueueMessage message : batch) {
      Event event = com.theeye.event.EventCodec.fromMessage(message.body());
      if (storedIds.contains(event.id())) {
        messageIds.add(message.messageId());
      }
    }
    return messageIds;
  }

  private static List<String> ids(List<QueueMessage> messages) {
    return messages.stream().map(QueueMessage::messageId).toList();
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new HashSet<>(a);
    all.addAll(b);
    return all;
  }

  private static boolean disjoint(Set<String> a, Set<String> b) {
    return a.stream().noneMatch(b::contains);
  }
}

package com.theeye.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.theeye.accounting.AccountingLines;
import com.theeye.accounting.AccountingMetric;
import com.theeye.accounting.EventTally;
import com.theeye.accounting.MinuteTally;
import com.theeye.emulators.FreePorts;
import com.theeye.event.Event;
import com.theeye.event.ExactJson;
import com.theeye.metrics.MetricLine;
import com.theeye.store.TableNames;
import com.theeye.testsupport.AwsEmulators;
import com.theeye.testsupport.AwsTestEnvironment;
import com.theeye.testsupport.FaultInjectingProxy;
import com.theeye.testsupport.FaultInjectingProxy.Fault;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** What the processor counts for the accounting: each accept's outcome once, when it is final. */
@ExtendWith(AwsEmulators.class)
class AccountingCountsTest {

  private static final UUID SHOP = UUID.randomUUID();

  private TableNames tables;

  @BeforeEach
  void createTables(AwsTestEnvironment aws) {
    tables = aws.createTables();
    aws.putApplication(tables, SHOP, "shop", true);
  }

  @Test
  void countsStoredEventsUnderTheMinuteTheyWereReceivedIn(AwsTestEnvironment aws) throws Exception {
    try (BatchProcessor processor = Processors.create(aws.dynamoDb(), tables)) {
      BatchResult result = processor.process(messagesOfOneSession(3));

      List<MetricLine> lines = result.accountingLines("TheEye");
      assertEquals(1, lines.size());
      MinuteTally tally = AccountingLines.read(json(lines.getFirst())).orElseThrow();
      assertEquals(SHOP, tally.application());
      assertEquals(MinuteTally.minuteOf(TestEvents.RECEIVED_AT), tally.minute());
      assertEquals(3, tally.count(AccountingMetric.STORED));
    }
  }

  @Test
  void countsAMessageDeliveredTwiceInOneBatchOnce(AwsTestEnvironment aws) {
    Event event = TestEvents.pageview(SHOP, UUID.randomUUID(), "/twice");
    try (BatchProcessor processor = Processors.create(aws.dynamoDb(), tables)) {
      BatchResult result =
          processor.process(List.of(TestEvents.message(event), TestEvents.message(event)));

      assertEquals(
          List.of(AccountingMetric.STORED),
          result.eventTallies().stream().map(EventTally::metric).toList());
    }
  }

  @Test
  void countsAClientsRetryAsADuplicate(AwsTestEnvironment aws) {
    Event event = TestEvents.pageview(SHOP, UUID.randomUUID(), "/retried");
    Event retry =
        Event.identified(
            SHOP,
            event.sessionId(),
            event.category(),
            event.name(),
            event.data(),
            event.timestamp(),
            TestEvents.RECEIVED_AT.plusSeconds(90));
    try (BatchProcessor processor = Processors.create(aws.dynamoDb(), tables)) {
      processor.process(List.of(TestEvents.message(event)));

      BatchResult result = processor.process(List.of(TestEvents.message(retry)));

      assertEquals(
          List.of(AccountingMetric.DUPLICATE),
          result.eventTallies().stream().map(EventTally::metric).toList());
      assertEquals(retry.receivedAt(), result.eventTallies().getFirst().receivedAt());
    }
  }

  @Test
  void countsNothingForAMessageHandedBackAndItsOutcomeOnceWhenRedelivered(AwsTestEnvironment aws) {
    UUID session = UUID.randomUUID();
    List<Event> events =
        IntStream.range(0, 6).mapToObj(i -> TestEvents.pageview(SHOP, session, "/p/" + i)).toList();
    try (FaultInjectingProxy proxy = FaultInjectingProxy.start(aws.dynamoDbEndpoint());
        DynamoDbClient throughProxy = aws.clientsFor(proxy.uri()).dynamoDb();
        BatchProcessor processor =
            Processors.create(throughProxy, tables, Map.of("BATCH_CONCURRENCY", "1"))) {
      // Three events are stored, then the table throttles (as in StorageOutageTest).
      proxy.failAfter(7, Fault.THROTTLING);
      BatchResult throttled = processor.process(List.of(TestEvents.packed(events)));
      proxy.passThrough();

      BatchResult redelivered = processor.process(List.of(TestEvents.packed(events)));

      assertEquals(List.of(), throttled.eventTallies());
      assertEquals(
          6,
          redelivered.eventTallies().stream()
              .filter(t -> t.metric() == AccountingMetric.STORED)
              .count(),
          "the three stored before count as stored: their first delivery counted nothing");
    }
  }

  @Test
  void countsTheEventsOfAMessageFailingItsLastReceiveAsDeadLettered(AwsTestEnvironment aws) {
    Event event = TestEvents.pageview(SHOP, UUID.randomUUID(), "/dead");
    QueueMessage first = TestEvents.message(event);
    QueueMessage last =
        new QueueMessage(
            first.messageId(),
            first.body(),
            Optional.empty(),
            ProcessorConfig.DEFAULT_MAX_RECEIVE_COUNT,
            0);
    try (DynamoDbClient unreachable = aws.impatientClientsFor(FreePorts.deadEndpoint()).dynamoDb();
        BatchProcessor processor = Processors.create(unreachable, tables)) {

      BatchResult beforeLast = processor.process(List.of(first));
      BatchResult onLast = processor.process(List.of(last));

      assertEquals(List.of(first.messageId()), beforeLast.failedMessageIds());
      assertEquals(List.of(), beforeLast.eventTallies());
      assertEquals(List.of(last.messageId()), onLast.failedMessageIds(), "SQS moves it");
      assertEquals(
          List.of(
              EventTally.of(event.id(), SHOP, event.receivedAt(), AccountingMetric.DEAD_LETTERED)),
          onLast.eventTallies());
    }
  }

  private static List<QueueMessage> messagesOfOneSession(int count) {
    UUID session = UUID.randomUUID();
    return IntStream.range(0, count)
        .mapToObj(i -> TestEvents.message(TestEvents.pageview(SHOP, session, "/page/" + i)))
        .toList();
  }

  private static JsonNode json(MetricLine line) throws Exception {
    return ExactJson.MAPPER.readTree(line.json());
  }
}

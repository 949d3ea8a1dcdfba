package com.theeye.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.theeye.accounting.AccountingLines;
import com.theeye.accounting.AccountingMetric;
import com.theeye.accounting.EventTally;
import com.theeye.accounting.MinuteStats;
import com.theeye.accounting.MinuteTally;
import com.theeye.event.ClientClock;
import com.theeye.event.Event;
import com.theeye.event.EventCodec;
import com.theeye.event.EventTimestamps;
import com.theeye.event.ExactJson;
import com.theeye.event.Identity;
import com.theeye.event.SegmentMessage;
import com.theeye.metrics.MetricLine;
import com.theeye.processor.MessageResult.EventOutcome;
import com.theeye.store.DeletionItems;
import com.theeye.store.DeletionSubject;
import com.theeye.store.TableNames;
import com.theeye.testsupport.AwsEmulators;
import com.theeye.testsupport.AwsTestEnvironment;
import com.theeye.testsupport.FaultInjectingProxy;
import com.theeye.testsupport.FaultInjectingProxy.Fault;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The later events of a deleted person: suppressed (stored nowhere, counted) while their subject
 * item in the Deletions table says {@code suppressed}, per user or anonymous id and application,
 * until an operator lifts it. Tests set {@code SUPPRESSION_CACHE_SECONDS=0} where a lift must be
 * seen at once.
 */
@ExtendWith(AwsEmulators.class)
class SuppressionTest {

  private static final UUID SHOP = UUID.randomUUID();
  private static final UUID BLOG = UUID.randomUUID();
  private static final Map<String, String> NOT_REMEMBERED =
      Map.of("SUPPRESSION_CACHE_SECONDS", "0");

  private AwsTestEnvironment aws;
  private TableNames tables;
  private DynamoDbClient dynamoDb;
  private StoredItems stored;

  @BeforeEach
  void createTables(AwsTestEnvironment aws) {
    this.aws = aws;
    tables = aws.createTables();
    dynamoDb = aws.dynamoDb();
    aws.putApplication(tables, SHOP, "shop", true);
    aws.putApplication(tables, BLOG, "blog", true);
    stored = new StoredItems(dynamoDb, tables);
  }

  @Test
  void aSuppressedUsersEventsAreStoredNowhereValidOrNotAndCountedSuppressed() {
    suppress(DeletionSubject.user(SHOP, "user-42"));
    Event valid = pageview(SHOP, "/cart", user("user-42"));
    Event invalid = withoutPath(SHOP, user("user-42"));

    BatchResult result;
    try (BatchProcessor processor = Processors.create(dynamoDb, tables)) {
      result = processor.process(List.of(TestEvents.message(valid), TestEvents.message(invalid)));
    }

    assertEquals(2, result.count(EventOutcome.SUPPRESSED));
    assertEquals(List.of(), result.failedMessageIds());
    assertEquals(List.of(), stored.events());
    assertEquals(List.of(), stored.invalidEvents());
    assertEquals(List.of(), stored.sessions(), "no session claimed for them");
    assertEquals(List.of(), scan(tables.identities()), "no identity recorded");
    assertEquals(
        List.of(
            EventTally.of(valid.id(), SHOP, valid.receivedAt(), AccountingMetric.SUPPRESSED),
            EventTally.of(invalid.id(), SHOP, invalid.receivedAt(), AccountingMetric.SUPPRESSED)),
        result.eventTallies());
    JsonNode log = json(result.logLine());
    assertEquals(2, log.get("suppressed").asLong());
    assertEquals(0, log.get("stored").asLong());
    assertEquals(
        2,
        json(result.metricLine("TheEye", Instant.now()).json()).get("EventsSuppressed").asLong());
    List<MetricLine> lines = result.accountingLines("TheEye");
    assertEquals(
        2,
        AccountingLines.read(json(lines.getFirst().json()))
            .orElseThrow()
            .count(AccountingMetric.SUPPRESSED));
  }

  @Test
  void anAnonymousIdIsSuppressedWhateverUserTheEventNames() {
    suppress(DeletionSubject.anonymous(SHOP, "device-7"));
    Event anonymous = pageview(SHOP, "/", new Identity(Optional.of("device-7"), Optional.empty()));
    Event loggedIn =
        pageview(SHOP, "/account", new Identity(Optional.of("device-7"), Optional.of("user-9")));

    try (BatchProcessor processor = Processors.create(dynamoDb, tables)) {
      BatchResult result =
          processor.process(List.of(TestEvents.message(anonymous), TestEvents.message(loggedIn)));

      assertEquals(2, result.count(EventOutcome.SUPPRESSED));
    }
    assertEquals(List.of(), stored.events());
  }

  @Test
  void otherPeopleOfTheApplicationAndTheSamePersonOfAnotherApplicationAreStored() {
    suppress(DeletionSubject.user(SHOP, "user-42"));
    Event otherUser = pageview(SHOP, "/other", user("user-43"));
    Event otherApplication = pageview(BLOG, "/post", user("user-42"));
    Event sameIdAsAnonymous =
        pageview(SHOP, "/anonymous", new Identity(Optional.of("user-42"), Optional.empty()));
    Event nobody = TestEvents.pageview(SHOP, UUID.randomUUID(), "/nobody");

    try (BatchProcessor processor = Processors.create(dynamoDb, tables)) {
      BatchResult result =
          processor.process(
              List.of(
                  TestEvents.message(otherUser),
                  TestEvents.message(otherApplication),
                  TestEvents.message(sameIdAsAnonymous),
                  TestEvents.message(nobody)));

      assertEquals(4, result.count(EventOutcome.STORED), result.logLine());
      assertEquals(0, result.count(EventOutcome.SUPPRESSED));
    }
    assertEquals(4, stored.eventIds().size());
  }

  @Test
  void liftingTheSuppressionLetsThePersonsEventsInAgain() {
    DeletionSubject person = DeletionSubject.user(SHOP, "user-42");
    suppress(person);
    try (BatchProcessor processor = Processors.create(dynamoDb, tables, NOT_REMEMBERED)) {
      BatchResult before =
          processor.process(List.of(TestEvents.message(pageview(SHOP, "/1", user("user-42")))));

      lift(person);
      BatchResult after =
          processor.process(List.of(TestEvents.message(pageview(SHOP, "/2", user("user-42")))));

      assertEquals(1, before.count(EventOutcome.SUPPRESSED));
      assertEquals(1, after.count(EventOutcome.STORED));
      assertEquals(
          List.of(AccountingMetric.STORED),
          after.eventTallies().stream().map(EventTally::metric).toList());
    }
    assertEquals(1, stored.eventIds().size());
  }

  @Test
  void anEnvironmentRemembersTheAnswerForTheCachePeriod() {
    DeletionSubject person = DeletionSubject.user(SHOP, "user-42");
    suppress(person);
    try (BatchProcessor processor = Processors.create(dynamoDb, tables)) {
      processor.process(List.of(TestEvents.message(pageview(SHOP, "/1", user("user-42")))));

      lift(person);
      BatchResult remembered =
          processor.process(List.of(TestEvents.message(pageview(SHOP, "/2", user("user-42")))));

      assertEquals(
          1,
          remembered.count(EventOutcome.SUPPRESSED),
          "within SUPPRESSION_CACHE_SECONDS (60 s by default) the lift is not seen yet");
    }
  }

  @Test
  void aReplayedEventOfASuppressedPersonIsNotStoredAndCountsNothingAgain() {
    suppress(DeletionSubject.user(SHOP, "user-42"));
    Event event = pageview(SHOP, "/replayed", user("user-42"));
    QueueMessage replay =
        new QueueMessage(
            "replay-1",
            EventCodec.toMessage(event),
            Optional.of(Instant.parse("2026-03-02T08:00:00Z")));

    try (BatchProcessor processor = Processors.create(dynamoDb, tables)) {
      BatchResult result = processor.process(List.of(replay));

      assertEquals(1, result.count(EventOutcome.SUPPRESSED));
      assertEquals(List.of(), result.eventTallies(), "its outcome was counted when it arrived");
    }
    assertEquals(List.of(), stored.events());
  }

  @Test
  void aThrottledSuppressionReadIsHandedBackLikeAnyThrottledEvent() {
    String queueUrl = aws.createQueue("events");
    suppress(DeletionSubject.user(SHOP, "user-42"));
    Event event = pageview(SHOP, "/throttled", user("user-42"));
    try (FaultInjectingProxy proxy = FaultInjectingProxy.start(aws.dynamoDbEndpoint());
        DynamoDbClient throughProxy = aws.clientsFor(proxy.uri()).dynamoDb();
        BatchProcessor processor =
            Processors.create(throughProxy, aws.sqs(), queueUrl, tables, NOT_REMEMBERED)) {
      // The sender's trust is read; then the Deletions table throttles the suppression's read.
      proxy.failAfter(1, Fault.THROTTLING);

      BatchResult throttled =
          processor.process(List.of(TestEvents.message(event)), RetryCutoff.now());

      assertEquals(List.of(), throttled.failedMessageIds(), "throttling uses up no receive");
      assertEquals(1, throttled.count(EventOutcome.HANDED_BACK), throttled.logLine());
      assertEquals(List.of(), throttled.eventTallies(), "counted when its copy is processed");
      assertTrue(proxy.faultsAnswered() >= 1);

      proxy.passThrough();
      QueueMessage copy =
          aws.receive(queueUrl, 1, Duration.ofSeconds(40)).stream()
              .map(m -> new QueueMessage(m.messageId(), m.body()))
              .findFirst()
              .orElseThrow();
      BatchResult again = processor.process(List.of(copy));

      assertEquals(1, again.count(EventOutcome.SUPPRESSED));
    }
    assertEquals(List.of(), stored.events());
  }

  @Test
  void aMinuteWithSuppressedEventsReconciles() {
    suppress(DeletionSubject.user(SHOP, "user-42"));
    List<Event> accepted =
        List.of(
            pageview(SHOP, "/a", user("user-42")),
            pageview(SHOP, "/b", user("user-42")),
            pageview(SHOP, "/c", user("user-43")));

    BatchResult result;
    try (BatchProcessor processor = Processors.create(dynamoDb, tables)) {
      result = processor.process(accepted.stream().map(TestEvents::message).toList());
    }

    MinuteTally minute = new MinuteTally(SHOP, TestEvents.RECEIVED_AT);
    minute.add(AccountingMetric.ACCEPTED, accepted.size());
    for (MetricLine line : result.accountingLines("TheEye")) {
      minute.add(AccountingLines.read(json(line.json())).orElseThrow());
    }
    MinuteStats stats =
        MinuteStats.of(minute, TestEvents.RECEIVED_AT.plusSeconds(61), Duration.ZERO);

    assertEquals(1, stats.stored());
    assertEquals(2, stats.suppressed());
    assertEquals(Optional.of(true), stats.reconciled(), stats.json()::toString);
  }

  /** What a deletion's request leaves on the person's subject item. */
  private void suppress(DeletionSubject person) {
    Map<String, AttributeValue> item = new HashMap<>(DeletionItems.subjectKey(person));
    item.put(DeletionItems.DELETION_ID, AttributeValue.fromS(UUID.randomUUID().toString()));
    item.put(DeletionItems.RUNNING, AttributeValue.fromBool(false));
    item.put(DeletionItems.KIND, AttributeValue.fromS(person.kind().wireName()));
    item.put(
        DeletionItems.APPLICATION,
        AttributeValue.fromS(person.application().orElseThrow().toString()));
    item.put(DeletionItems.SUBJECT_HASH, AttributeValue.fromS(person.hash()));
    item.put(DeletionItems.SUPPRESSED, AttributeValue.fromBool(true));
    item.put(
        DeletionItems.SUPPRESSED_SINCE,
        AttributeValue.fromS(EventTimestamps.format(Instant.now())));
    dynamoDb.putItem(b -> b.tableName(tables.deletions()).item(item));
  }

  /** What {@code make applications lift-suppression} does (tested in the operator CLI). */
  private void lift(DeletionSubject person) {
    dynamoDb.updateItem(
        b ->
            b.tableName(tables.deletions())
                .key(DeletionItems.subjectKey(person))
                .updateExpression("SET #suppressed = :false")
                .expressionAttributeNames(Map.of("#suppressed", DeletionItems.SUPPRESSED))
                .expressionAttributeValues(Map.of(":false", AttributeValue.fromBool(false))));
  }

  private static Identity user(String userId) {
    return new Identity(Optional.empty(), Optional.of(userId));
  }

  private static Event pageview(UUID application, String path, Identity identity) {
    return identified(
        application,
        TestEvents.json("{\"host\":\"shop.example\",\"path\":\"" + path + "\"}"),
        identity);
  }

  private static Event withoutPath(UUID application, Identity identity) {
    return identified(application, TestEvents.json("{\"host\":\"shop.example\"}"), identity);
  }

  private static Event identified(UUID application, ObjectNode data, Identity identity) {
    return Event.identified(
        application,
        UUID.randomUUID(),
        "page interaction",
        "pageview",
        data,
        TestEvents.TIMESTAMP,
        TestEvents.RECEIVED_AT,
        identity,
        ClientClock.NONE,
        SegmentMessage.NONE);
  }

  private List<Map<String, AttributeValue>> scan(String table) {
    return dynamoDb.scanPaginator(b -> b.tableName(table).consistentRead(true)).items().stream()
        .toList();
  }

  private static JsonNode json(String line) {
    try {
      return ExactJson.MAPPER.readTree(line);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}

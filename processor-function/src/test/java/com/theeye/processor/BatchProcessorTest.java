package com.theeye.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.theeye.event.Event;
import com.theeye.event.EventCodec;
import com.theeye.event.EventTimestamps;
import com.theeye.processor.MessageResult.EventOutcome;
import com.theeye.store.CategoryItems;
import com.theeye.store.EventItems;
import com.theeye.store.InvalidEventItems;
import com.theeye.store.SessionItems;
import com.theeye.store.StoredInvalidEvent.FieldError;
import com.theeye.store.TableLayout;
import com.theeye.store.TableNames;
import com.theeye.testsupport.AwsEmulators;
import com.theeye.testsupport.AwsTestEnvironment;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@ExtendWith(AwsEmulators.class)
class BatchProcessorTest {

  private static final UUID SHOP = UUID.randomUUID();
  private static final UUID BLOG = UUID.randomUUID();

  private AwsTestEnvironment aws;
  private TableNames tables;
  private StoredItems stored;
  private BatchProcessor processor;

  @BeforeEach
  void createTables(AwsTestEnvironment aws) {
    this.aws = aws;
    this.tables = aws.createTables();
    aws.putApplication(tables, SHOP, "shop", true);
    aws.putApplication(tables, BLOG, "blog", true);
    this.stored = new StoredItems(aws.dynamoDb(), tables);
    this.processor = Processors.create(aws.dynamoDb(), tables);
  }

  @AfterEach
  void stopProcessor() {
    processor.close();
  }

  @Test
  void storesValidEventUnderTheTableLayoutKeys() {
    Event event = TestEvents.pageview(SHOP, UUID.randomUUID(), "/checkout");

    BatchResult result = processor.process(List.of(TestEvents.message(event)));

    assertEquals(List.of(), result.failedMessageIds());
    assertEquals(1, result.count(EventOutcome.STORED));
    Map<String, AttributeValue> item = single(stored.events());
    int shard = new Shards(8).of(event.id());
    assertEquals(event.sessionId().toString(), item.get(TableLayout.SESSION_ID).s());
    assertEquals(
        EventTimestamps.format(event.timestamp()) + "#" + event.id(),
        item.get(TableLayout.OCCURRED_AT_ID).s());
    assertEquals("page interaction#" + shard, item.get(TableLayout.CATEGORY_SHARD).s());
    assertFalse(item.containsKey("time_shard"), "no second index: two write units an event");
    assertEquals(event.id(), item.get(EventItems.ID).s());
    assertEquals(SHOP.toString(), item.get(EventItems.APPLICATION).s());
    assertEquals("page interaction", item.get(EventItems.CATEGORY).s());
    assertEquals("pageview", item.get(EventItems.NAME).s());
    assertEquals(
        Map.of(
            "host",
            AttributeValue.fromS("shop.example"),
            "path",
            AttributeValue.fromS("/checkout")),
        item.get(EventItems.DATA).m());
    assertEquals(EventTimestamps.format(event.timestamp()), item.get(EventItems.TIMESTAMP).s());
    assertEquals(EventTimestamps.format(event.receivedAt()), item.get(EventItems.RECEIVED_AT).s());
    assertFalse(item.containsKey(TableLayout.EXPIRES_AT), "kept forever without RETENTION_DAYS");
  }

  @Test
  void listsTheCategoryOfEveryStoredEventInTheEventsTable() {
    UUID session = UUID.randomUUID();
    processor.process(
        List.of(
            TestEvents.message(TestEvents.pageview(SHOP, session, "/")),
            TestEvents.message(
                TestEvents.event(
                    SHOP,
                    session,
                    "form interaction",
                    "submit",
                    "{\"host\":\"h\",\"path\":\"/\",\"form\":{}}",
                    TestEvents.TIMESTAMP))));

    List<String> listed =
        aws
            .dynamoDb()
            .query(
                b ->
                    b.tableName(tables.events())
                        .keyConditionExpression("#pk = :list")
                        .expressionAttributeNames(Map.of("#pk", TableLayout.SESSION_ID))
                        .expressionAttributeValues(
                            Map.of(":list", AttributeValue.fromS(TableLayout.CATEGORY_LIST))))
            .items()
            .stream()
            .map(CategoryItems::fromItem)
            .toList();

    assertEquals(List.of("form interaction", "page interaction"), listed);
  }

  @Test
  void keepsDataAsANativeMapWithNumbersAsNumbersEqualInValueToWhatWasSent() {
    String data =
        "{\"host\":\"shop.example\",\"path\":\"/\",\"price\":10.50,\"big\":12345678901234567890,\"e\":1E+3}";
    Event event =
        TestEvents.event(
            SHOP, UUID.randomUUID(), "page interaction", "pageview", data, TestEvents.TIMESTAMP);

    processor.process(List.of(TestEvents.message(event)));

    Map<String, AttributeValue> kept = single(stored.events()).get(EventItems.DATA).m();
    // DynamoDB trims a number's trailing zeros: 10.50 is kept as 10.5, 1E+3 as 1000.
    assertEquals(0, new BigDecimal("10.50").compareTo(new BigDecimal(kept.get("price").n())));
    assertEquals(0, new BigDecimal("1E+3").compareTo(new BigDecimal(kept.get("e").n())));
    assertEquals("12345678901234567890", kept.get("big").n());
  }

  @Test
  void setsExpiryFromReceivedAtWhenRetentionIsConfigured() {
    try (BatchProcessor retaining =
        Processors.create(aws.dynamoDb(), tables, Map.of("RETENTION_DAYS", "30"))) {
      Event valid = TestEvents.pageview(SHOP, UUID.randomUUID(), "/");
      Event invalid =
          TestEvents.event(
              SHOP, UUID.randomUUID(), "page interaction", "pageview", "{}", TestEvents.TIMESTAMP);

      retaining.process(List.of(TestEvents.message(valid), TestEvents.message(invalid)));

      String expected =
          Long.toString(TestEvents.RECEIVED_AT.plusSeconds(30L * 24 * 3600).getEpochSecond());
      assertEquals(expected, single(stored.events()).get(TableLayout.EXPIRES_AT).n());
      assertEquals(expected, single(stored.invalidEvents()).get(TableLayout.EXPIRES_AT).n());
    }
  }

  @Test
  void storesSchemaViolationAsInvalidWithEveryError() {
    Event event =
        TestEvents.event(
            SHOP,
            UUID.randomUUID(),
            "page interaction",
            "cta click",
            "{\"host\":1,\"path\":\"/\"}",
            TestEvents.TIMESTAMP);
    QueueMessage message = TestEvents.message(event);

    BatchResult result = processor.process(List.of(message));

    assertEquals(List.of(), result.failedMessageIds());
    assertEquals(1, result.count(EventOutcome.INVALID));
    assertEquals(List.of(), stored.events());
    Map<String, AttributeValue> item = stored.invalidEvent(event.id()).orElseThrow();
    assertEquals("schema violation", item.get(InvalidEventItems.REASON).s());
    assertEquals(message.body(), item.get(InvalidEventItems.EVENT).s());
    assertEquals(SHOP.toString(), item.get(InvalidEventItems.APPLICATION).s());
    assertEquals(
        EventTimestamps.format(event.receivedAt()), item.get(InvalidEventItems.RECEIVED_AT).s());
    assertEquals(
        SHOP + "#" + new Shards(8).of(event.id()), item.get(TableLayout.APPLICATION_SHARD).s());
    assertEquals(
        EventTimestamps.format(event.receivedAt()) + "#" + event.id(),
        item.get(TableLayout.RECEIVED_AT_ID).s());
    assertEquals(
        List.of(
            new FieldError("data.element", "This field is required."),
            new FieldError("data.host", "expected type: String, found: Integer")),
        errorsOf(item).stream().sorted(Comparator.comparing(FieldError::field)).toList());
  }

  @Test
  void rejectsUnknownEventTypeByDefault() {
    Event event =
        TestEvents.event(
            SHOP, UUID.randomUUID(), "video interaction", "play", "{}", TestEvents.TIMESTAMP);

    BatchResult result = processor.process(List.of(TestEvents.message(event)));

    assertEquals(1, result.count(EventOutcome.INVALID));
    assertEquals(
        "unknown event type",
        stored.invalidEvent(event.id()).orElseThrow().get(InvalidEventItems.REASON).s());
    assertEquals(List.of(), stored.events());
  }

  @Test
  void storesUnknownEventTypeAsValidWhenConfiguredToAccept() {
    try (BatchProcessor accepting =
        Processors.create(aws.dynamoDb(), tables, Map.of("UNKNOWN_EVENT_TYPES", "accept"))) {
      Event event =
          TestEvents.event(
              SHOP, UUID.randomUUID(), "video interaction", "play", "{}", TestEvents.TIMESTAMP);

      BatchResult result = accepting.process(List.of(TestEvents.message(event)));

      assertEquals(1, result.count(EventOutcome.STORED));
      assertEquals(List.of(event.id()), stored.eventIds());
      assertEquals(List.of(), stored.invalidEvents());
    }
  }

  @Test
  void storesEventFromBeyondTheClockSkewAsInvalid() {
    Event event =
        TestEvents.event(
            SHOP,
            UUID.randomUUID(),
            "page interaction",
            "pageview",
            "{\"host\":\"a\",\"path\":\"/\"}",
            TestEvents.RECEIVED_AT.plusSeconds(301));

    BatchResult result = processor.process(List.of(TestEvents.message(event)));

    assertEquals(1, result.count(EventOutcome.INVALID));
    Map<String, AttributeValue> item = stored.invalidEvent(event.id()).orElseThrow();
    assertEquals("timestamp in the future", item.get(InvalidEventItems.REASON).s());
    assertEquals(
        List.of(
            new FieldError(
                "timestamp", "Timestamp is in the future: later than received_at plus 300 s.")),
        errorsOf(item));
  }

  @Test
  void acceptsEventAheadOfReceivedAtWithinTheClockSkew() {
    Event event =
        TestEvents.event(
            SHOP,
            UUID.randomUUID(),
            "page interaction",
            "pageview",
            "{\"host\":\"a\",\"path\":\"/\"}",
            TestEvents.RECEIVED_AT.plusSeconds(300));

    BatchResult result = processor.process(List.of(TestEvents.message(event)));

    assertEquals(1, result.count(EventOutcome.STORED));
    assertEquals(List.of(event.id()), stored.eventIds());
  }

  @Test
  void joinsDistinctReasonsOfAnEventWithSeveralProblems() {
    Event event =
        TestEvents.event(
            SHOP,
            UUID.randomUUID(),
            "page interaction",
            "pageview",
            "{}",
            TestEvents.RECEIVED_AT.plusSeconds(3600));

    processor.process(List.of(TestEvents.message(event)));

    Map<String, AttributeValue> item = stored.invalidEvent(event.id()).orElseThrow();
    assertEquals(
        "schema violation, timestamp in the future", item.get(InvalidEventItems.REASON).s());
    assertEquals(3, errorsOf(item).size());
  }

  @Test
  void storesTheSameBatchOnceWhenDeliveredTwice() {
    UUID session = UUID.randomUUID();
    List<Event> events =
        List.of(
            TestEvents.pageview(SHOP, session, "/a"),
            TestEvents.pageview(SHOP, session, "/b"),
            TestEvents.event(
                SHOP, session, "page interaction", "pageview", "{}", TestEvents.TIMESTAMP));

    BatchResult first = processor.process(events.stream().map(TestEvents::message).toList());
    List<String> eventsAfterFirst = stored.eventIds();
    int invalidAfterFirst = stored.invalidEvents().size();
    BatchResult second = processor.process(events.stream().map(TestEvents::message).toList());

    assertEquals(2, first.count(EventOutcome.STORED));
    assertEquals(1, first.count(EventOutcome.INVALID));
    assertEquals(0, first.count(EventOutcome.DUPLICATE));
    assertEquals(3, second.count(EventOutcome.DUPLICATE));
    assertEquals(List.of(), second.failedMessageIds());
    assertEquals(eventsAfterFirst, stored.eventIds());
    assertEquals(2, eventsAfterFirst.size());
    assertEquals(invalidAfterFirst, stored.invalidEvents().size());
  }

  @Test
  void storesEachEventOfAPackedMessageOnItsOwnAndCountsThemInTheLogLine() {
    UUID session = UUID.randomUUID();
    Event valid = TestEvents.pageview(SHOP, session, "/a");
    Event alsoValid = TestEvents.pageview(SHOP, session, "/b");
    Event invalid =
        TestEvents.event(SHOP, session, "page interaction", "pageview", "{}", TestEvents.TIMESTAMP);
    QueueMessage packed = TestEvents.packed(List.of(valid, invalid, alsoValid));

    BatchResult result = processor.process(List.of(packed));

    assertEquals(List.of(), result.failedMessageIds());
    assertEquals(2, result.count(EventOutcome.STORED));
    assertEquals(1, result.count(EventOutcome.INVALID));
    assertEquals(List.of(valid.id(), alsoValid.id()).stream().sorted().toList(), stored.eventIds());
    Map<String, AttributeValue> item = stored.invalidEvent(invalid.id()).orElseThrow();
    assertEquals(
        EventCodec.toMessage(invalid),
        item.get(InvalidEventItems.EVENT).s(),
        "an invalid event keeps its own message, replayable alone");
    String line = result.logLine();
    assertTrue(line.contains("\"messages\":1"), line);
    assertTrue(line.contains("\"stored\":2"), line);
  }

  @Test
  void aPackedMessageDeliveredAgainFindsItsEventsAlreadyStored() {
    UUID session = UUID.randomUUID();
    List<Event> events =
        List.of(TestEvents.pageview(SHOP, session, "/a"), TestEvents.pageview(SHOP, session, "/b"));
    processor.process(List.of(TestEvents.packed(events)));

    BatchResult again = processor.process(List.of(TestEvents.packed(events)));

    assertEquals(List.of(), again.failedMessageIds());
    assertEquals(2, again.count(EventOutcome.DUPLICATE));
    assertEquals(2, stored.eventIds().size());
  }

  @Test
  void aPackedMessageWithAMalformedEventIsHandedBackWhileItsOtherEventsAreStored() {
    Event good = TestEvents.pageview(SHOP, UUID.randomUUID(), "/good");
    QueueMessage message =
        new QueueMessage(
            "half-bad",
            EventCodec.toPackedMessage(
                List.of(EventCodec.toMessage(good), "{\"id\":\"secret content\"}")));

    BatchResult result = processor.process(List.of(message));

    assertEquals(List.of("half-bad"), result.failedMessageIds());
    assertEquals(1, result.count(EventOutcome.STORED));
    assertEquals(1, result.count(EventOutcome.FAILED));
    assertEquals(List.of(good.id()), stored.eventIds());
    assertFalse(result.logLine().contains("secret content"), result.logLine());
  }

  @Test
  void reportsPoisonMessageAsFailureWhileStoringItsBatchMates() {
    Event before = TestEvents.pageview(SHOP, UUID.randomUUID(), "/before");
    Event after = TestEvents.pageview(SHOP, UUID.randomUUID(), "/after");
    QueueMessage poison = new QueueMessage("poison", "{\"id\": \"half a message");

    BatchResult result =
        processor.process(List.of(TestEvents.message(before), poison, TestEvents.message(after)));

    assertEquals(List.of("poison"), result.failedMessageIds());
    assertEquals(List.of(before.id(), after.id()).stream().sorted().toList(), stored.eventIds());
    assertFalse(
        result.logLine().contains("half a message"), "the log must not carry message content");
  }

  @Test
  void claimsNewSessionForTheFirstApplicationAndRejectsOthers() {
    UUID session = UUID.randomUUID();
    Event mine = TestEvents.pageview(SHOP, session, "/");
    Event theirs = TestEvents.pageview(BLOG, session, "/");

    processor.process(List.of(TestEvents.message(mine)));
    BatchResult result = processor.process(List.of(TestEvents.message(theirs)));

    assertEquals(1, result.count(EventOutcome.INVALID));
    assertEquals(List.of(mine.id()), stored.eventIds());
    Map<String, AttributeValue> rejected = stored.invalidEvent(theirs.id()).orElseThrow();
    assertEquals(
        "session belongs to another application", rejected.get(InvalidEventItems.REASON).s());
    assertEquals("session_id", errorsOf(rejected).getFirst().field());
    Map<String, AttributeValue> owner = single(stored.sessions());
    assertEquals(SHOP.toString(), owner.get(SessionItems.OWNER).s());
    assertTrue(owner.containsKey(SessionItems.CLAIMED_AT));
  }

  @Test
  void learnsSessionOwnersClaimedByAnotherProcessor() {
    UUID session = UUID.randomUUID();
    processor.process(List.of(TestEvents.message(TestEvents.pageview(SHOP, session, "/"))));

    try (BatchProcessor coldStarted = Processors.create(aws.dynamoDb(), tables)) {
      BatchResult same =
          coldStarted.process(
              List.of(TestEvents.message(TestEvents.pageview(SHOP, session, "/2"))));
      BatchResult other =
          coldStarted.process(
              List.of(TestEvents.message(TestEvents.pageview(BLOG, session, "/3"))));

      assertEquals(1, same.count(EventOutcome.STORED));
      assertEquals(1, other.count(EventOutcome.INVALID));
    }
  }

  @Test
  void theDryRunTwinProcessesLikeTheProcessorButStoresAndClaimsNothing() {
    UUID session = UUID.randomUUID();
    Event valid = TestEvents.pageview(SHOP, session, "/");
    Event invalid =
        TestEvents.event(
            SHOP,
            session,
            "page interaction",
            "pageview",
            "{\"host\":\"shop.example\"}",
            TestEvents.TIMESTAMP);

    BatchResult result =
        processor.dryRun().process(List.of(TestEvents.message(valid), TestEvents.message(invalid)));

    assertEquals(1, result.count(EventOutcome.STORED), result.logLine());
    assertEquals(1, result.count(EventOutcome.INVALID), result.logLine());
    assertEquals(List.of(), stored.events());
    assertEquals(List.of(), stored.invalidEvents());
    assertEquals(List.of(), stored.sessions());
  }

  @Test
  void theDryRunTwinLeavesTheProcessorsSessionOwnersAlone() {
    UUID session = UUID.randomUUID();

    processor
        .dryRun()
        .process(List.of(TestEvents.message(TestEvents.pageview(BLOG, session, "/"))));
    BatchResult result =
        processor.process(List.of(TestEvents.message(TestEvents.pageview(SHOP, session, "/"))));

    assertEquals(
        1, result.count(EventOutcome.STORED), "the twin's answered claim is not remembered");
    assertEquals(SHOP.toString(), single(stored.sessions()).get("application").s());
  }

  private static Map<String, AttributeValue> single(List<Map<String, AttributeValue>> items) {
    assertEquals(1, items.size(), "items: " + items);
    return items.getFirst();
  }

  private static List<FieldError> errorsOf(Map<String, AttributeValue> item) {
    return InvalidEventItems.fromItem(item).errors();
  }
}

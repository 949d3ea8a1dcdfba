package com.theeye.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.theeye.event.ClientClock;
import com.theeye.event.ClientContext;
import com.theeye.event.Event;
import com.theeye.event.Identity;
import com.theeye.event.SegmentMessage;
import com.theeye.processor.MessageResult.EventOutcome;
import com.theeye.store.ApplicationItems;
import com.theeye.store.IdentityItems;
import com.theeye.store.IdentitySession;
import com.theeye.store.TableNames;
import com.theeye.store.TrustedApplication;
import com.theeye.store.UnknownEventTypes;
import com.theeye.testsupport.AwsEmulators;
import com.theeye.testsupport.AwsTestEnvironment;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Who sent an event and what no schema describes: identities recorded once per person and session,
 * Segment's unknown types stored unplanned unless the application says otherwise, and the
 * processor's id check following the ingest's rule for corrected and Segment events.
 */
@ExtendWith(AwsEmulators.class)
class IdentitiesAndUnplannedEventsTest {

  private static final UUID SHOP = UUID.fromString("0e302fce-66ad-4721-911e-0ab9d33697bf");
  private static final UUID STRICT = UUID.fromString("7c9e6679-7425-40de-944b-e07fc1f90ae7");

  private TableNames tables;
  private DynamoDbClient dynamoDb;
  private StoredItems stored;
  private BatchProcessor processor;

  @BeforeEach
  void setUp(AwsTestEnvironment aws) {
    tables = aws.createTables();
    dynamoDb = aws.dynamoDb();
    aws.putApplication(tables, SHOP, "shop", true);
    dynamoDb.putItem(
        b ->
            b.tableName(tables.applications())
                .item(
                    ApplicationItems.toItem(
                        new TrustedApplication(
                            STRICT,
                            "strict",
                            true,
                            Instant.EPOCH,
                            List.of(),
                            Optional.of(UnknownEventTypes.REJECT)))));
    stored = new StoredItems(dynamoDb, tables);
    processor = Processors.create(dynamoDb, tables);
  }

  @AfterEach
  void close() {
    processor.close();
  }

  @Test
  void aSegmentMessageOfATypeNoSchemaDescribesIsStoredAndMarkedUnplanned() {
    Event track = segmentTrack(SHOP, "Order Completed", "m-1");

    MessageResult result = processor.process(TestEvents.message(track));

    assertEquals(EventOutcome.STORED, result.outcomes().getFirst());
    Map<String, AttributeValue> item = stored.events().getFirst();
    assertEquals(true, item.get("unplanned").bool());
    assertEquals("m-1", item.get("message_id").s());
  }

  @Test
  void anApplicationThatRejectsUnknownTypesGetsItsUnplannedMessagesKeptAsInvalid() {
    Event track = segmentTrack(STRICT, "Order Completed", "m-2");

    MessageResult result = processor.process(TestEvents.message(track));

    assertEquals(EventOutcome.INVALID, result.outcomes().getFirst());
    assertEquals(List.of(), stored.events());
    assertEquals("unknown event type", stored.invalidEvents().getFirst().get("reason").s());
  }

  @Test
  void aNativeEventOfAKnownTypeIsNotUnplanned() {
    processor.process(TestEvents.message(TestEvents.pageview(SHOP, UUID.randomUUID(), "/")));

    assertTrue(!stored.events().getFirst().containsKey("unplanned"));
  }

  @Test
  void eachPersonAndSessionIsRecordedOnceHoweverManyEventsAndTheRepeatedMessageIdOnce() {
    Event first = segmentTrack(SHOP, "A", "m-3");
    Event second = segmentTrack(SHOP, "B", "m-4");
    Event repeated = segmentTrack(SHOP, "A", "m-3");

    processor.process(TestEvents.packed(List.of(first, second)));
    MessageResult again = processor.process(TestEvents.message(repeated));

    assertEquals(EventOutcome.DUPLICATE, again.outcomes().getFirst());
    assertEquals(2, stored.events().size());
    List<IdentitySession> identities =
        dynamoDb.scan(b -> b.tableName(tables.identities())).items().stream()
            .map(IdentityItems::fromItem)
            .toList();
    assertEquals(2, identities.size(), "user#u42 and anon#a-1, one session: " + identities);
    assertTrue(identities.stream().allMatch(i -> i.session().equals(first.sessionId())));
  }

  @Test
  void aMessageIdReusedWithAnotherTimestampIsStoredOnceAndTheClaimersRedeliveryStill() {
    Event first = segmentTrack(SHOP, "A", "m-7");
    Event later =
        Event.identified(
            first.application(),
            first.sessionId(),
            first.category(),
            first.name(),
            first.data(),
            first.timestamp().plusMillis(3),
            first.receivedAt(),
            first.identity(),
            first.clock(),
            first.segment());

    MessageResult stored1 = processor.process(TestEvents.message(first));
    MessageResult reused = processor.process(TestEvents.message(later));
    MessageResult redelivered = processor.process(TestEvents.message(first));

    assertEquals(first.id(), later.id());
    assertEquals(EventOutcome.STORED, stored1.outcomes().getFirst());
    assertEquals(EventOutcome.DUPLICATE, reused.outcomes().getFirst());
    assertEquals(EventOutcome.DUPLICATE, redelivered.outcomes().getFirst());
    assertEquals(1, stored.events().size());
  }

  @Test
  void anEventWithoutIdentityRecordsNone() {
    processor.process(TestEvents.message(TestEvents.pageview(SHOP, UUID.randomUUID(), "/")));

    assertEquals(0, dynamoDb.scan(b -> b.tableName(tables.identities())).count());
  }

  @Test
  void aCorrectedEventCarriesTheIdItsClientsTimestampGivesAndIsStored() {
    Instant original = Instant.parse("2027-01-01T00:00:00Z");
    Event corrected =
        Event.identified(
            SHOP,
            UUID.randomUUID(),
            "page interaction",
            "pageview",
            TestEvents.json("{\"host\":\"x\",\"path\":\"/\"}"),
            TestEvents.TIMESTAMP,
            TestEvents.RECEIVED_AT,
            new Identity(Optional.empty(), Optional.of("u1")),
            new ClientClock(Optional.of(original.plusSeconds(2)), Optional.of(original)),
            SegmentMessage.NONE);

    MessageResult result = processor.process(TestEvents.message(corrected));

    assertEquals(EventOutcome.STORED, result.outcomes().getFirst());
    assertEquals(List.of(corrected.id()), stored.eventIds());
  }

  @Test
  void aSegmentEventWhoseIdIsNotItsMessageIdsIsKeptAsInvalid() {
    Event track = segmentTrack(SHOP, "A", "m-5");
    Event forged = track.withId(segmentTrack(SHOP, "A", "m-6").id());

    MessageResult result = processor.process(TestEvents.message(forged));

    assertEquals(EventOutcome.INVALID, result.outcomes().getFirst());
    assertEquals(List.of(), stored.events());
  }

  private static Event segmentTrack(UUID application, String name, String messageId) {
    UUID session = UUID.nameUUIDFromBytes(("anon-1" + application).getBytes());
    return Event.identified(
            application,
            session,
            "track",
            name,
            TestEvents.json("{\"total\":10}"),
            TestEvents.TIMESTAMP,
            TestEvents.RECEIVED_AT,
            new Identity(Optional.of("a-1"), Optional.of("u42")),
            ClientClock.NONE,
            new SegmentMessage(
                Optional.of(messageId), Optional.of(TestEvents.json("{\"type\":\"track\"}"))))
        .withContext(ClientContext.NONE);
  }
}

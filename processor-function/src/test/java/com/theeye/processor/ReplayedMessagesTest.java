package com.theeye.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.theeye.event.Event;
import com.theeye.event.EventCodec;
import com.theeye.processor.MessageResult.EventOutcome;
import com.theeye.store.EventItems;
import com.theeye.store.InvalidEventItems;
import com.theeye.store.InvalidEventReplay;
import com.theeye.store.StoredInvalidEvent;
import com.theeye.store.StoredInvalidEvent.FieldError;
import com.theeye.store.TableNames;
import com.theeye.testsupport.AwsEmulators;
import com.theeye.testsupport.AwsTestEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The processor deciding again on messages a replay put back on the queue: the schema version that
 * judged each event, the invalid record marked, nothing more on a second replay.
 */
@ExtendWith(AwsEmulators.class)
class ReplayedMessagesTest {

  private static final UUID SHOP = UUID.randomUUID();
  private static final Instant FIRST_REPLAY = Instant.parse("2026-03-02T08:00:00Z");
  private static final Instant SECOND_REPLAY = Instant.parse("2026-03-02T09:00:00Z");

  @TempDir Path schemas;

  private AwsTestEnvironment aws;
  private TableNames tables;
  private StoredItems stored;

  @BeforeEach
  void createTables(AwsTestEnvironment aws) {
    this.aws = aws;
    this.tables = aws.createTables();
    this.stored = new StoredItems(aws.dynamoDb(), tables);
    // The processor believes no message from an application it does not know.
    aws.putApplication(tables, SHOP, "shop", true);
  }

  @Test
  void storedAndInvalidEventsRecordTheSchemaVersionThatJudgedThem() throws IOException {
    Event valid = ctaClick("{\"host\":\"h\",\"path\":\"/\",\"element\":\"buy\"}");
    Event invalid = ctaClick("{\"host\":\"h\",\"path\":\"/\"}");
    try (BatchProcessor v1 =
        processor(ctaClickSchema("1-0-0", "\"host\", \"path\", \"element\""))) {
      v1.process(List.of(TestEvents.message(valid), TestEvents.message(invalid)));
    }
    assertEquals(
        Optional.of("1-0-0"), EventItems.fromItem(stored.events().getFirst()).schemaVersion());
    assertEquals(Optional.of("1-0-0"), invalidRecord(invalid).schemaVersion());
    assertEquals(Optional.empty(), invalidRecord(invalid).replay());
  }

  @Test
  void aReplayedEventThatNowPassesIsStoredOnceAndItsRecordMarked() throws IOException {
    Event event = ctaClick("{\"host\":\"h\",\"path\":\"/\"}");
    try (BatchProcessor v1 =
        processor(ctaClickSchema("1-0-0", "\"host\", \"path\", \"element\""))) {
      assertEquals(
          EventOutcome.INVALID, v1.process(TestEvents.message(event)).outcomes().getFirst());
    }
    try (BatchProcessor v2 = processor(ctaClickSchema("1-0-1", "\"host\", \"path\""))) {
      assertEquals(
          EventOutcome.STORED, v2.process(replayed(event, FIRST_REPLAY)).outcomes().getFirst());
      var afterFirst = stored.invalidEvents();
      var eventsAfterFirst = stored.events();

      assertEquals(
          EventOutcome.DUPLICATE, v2.process(replayed(event, SECOND_REPLAY)).outcomes().getFirst());
      assertEquals(afterFirst, stored.invalidEvents(), "a second replay changes nothing");
      assertEquals(eventsAfterFirst, stored.events());
    }
    assertEquals(List.of(event.id()), stored.eventIds());
    assertEquals(
        Optional.of("1-0-1"), EventItems.fromItem(stored.events().getFirst()).schemaVersion());
    StoredInvalidEvent record = invalidRecord(event);
    assertEquals(
        Optional.of(new InvalidEventReplay(FIRST_REPLAY, InvalidEventReplay.ReplayOutcome.STORED)),
        record.replay());
    assertEquals(Optional.of("1-0-0"), record.schemaVersion(), "the version that rejected it");
  }

  @Test
  void aReplayedEventStillInvalidKeepsOneRecordWithTheNewErrors() throws IOException {
    Event event = ctaClick("{\"host\":\"h\"}");
    try (BatchProcessor v1 =
        processor(ctaClickSchema("1-0-0", "\"host\", \"path\", \"element\""))) {
      v1.process(TestEvents.message(event));
    }
    try (BatchProcessor v2 = processor(ctaClickSchema("1-0-1", "\"host\", \"path\""))) {
      assertEquals(
          EventOutcome.INVALID, v2.process(replayed(event, FIRST_REPLAY)).outcomes().getFirst());
      var afterFirst = stored.invalidEvents();

      assertEquals(
          EventOutcome.DUPLICATE, v2.process(replayed(event, SECOND_REPLAY)).outcomes().getFirst());
      assertEquals(afterFirst, stored.invalidEvents(), "a second replay changes nothing");
    }
    assertEquals(1, stored.invalidEvents().size());
    assertEquals(List.of(), stored.events());
    StoredInvalidEvent record = invalidRecord(event);
    assertEquals(List.of(new FieldError("data.path", "This field is required.")), record.errors());
    assertEquals(Optional.of("1-0-1"), record.schemaVersion());
    assertEquals(
        Optional.of(
            new InvalidEventReplay(FIRST_REPLAY, InvalidEventReplay.ReplayOutcome.STILL_INVALID)),
        record.replay());
  }

  @Test
  void aRedeliveryThatIsNoReplayLeavesTheRecordAsItWas() throws IOException {
    Event event = ctaClick("{\"host\":\"h\"}");
    try (BatchProcessor v1 =
        processor(ctaClickSchema("1-0-0", "\"host\", \"path\", \"element\""))) {
      v1.process(TestEvents.message(event));
      var first = stored.invalidEvents();
      assertEquals(
          EventOutcome.DUPLICATE, v1.process(TestEvents.message(event)).outcomes().getFirst());
      assertEquals(first, stored.invalidEvents());
    }
  }

  private StoredInvalidEvent invalidRecord(Event event) {
    return InvalidEventItems.fromItem(stored.invalidEvent(event.id()).orElseThrow());
  }

  private BatchProcessor processor(Path folder) {
    return Processors.create(aws.dynamoDb(), tables, SchemaRegistry.fromFolder(folder));
  }

  private Path ctaClickSchema(String version, String required) throws IOException {
    Path folder = Files.createDirectories(schemas.resolve(version));
    Path file =
        Files.createDirectories(folder.resolve("page-interaction")).resolve("cta-click.json");
    Files.writeString(
        file,
        "{\"version\": \""
            + version
            + "\", \"type\": \"object\", \"properties\": {\"host\": {\"type\": \"string\"}},"
            + " \"required\": ["
            + required
            + "]}");
    return folder;
  }

  private static Event ctaClick(String data) {
    return TestEvents.event(
        SHOP, UUID.randomUUID(), "page interaction", "cta click", data, TestEvents.TIMESTAMP);
  }

  private static QueueMessage replayed(Event event, Instant at) {
    return new QueueMessage(
        "replay-" + UUID.randomUUID(), EventCodec.toMessage(event), Optional.of(at));
  }
}

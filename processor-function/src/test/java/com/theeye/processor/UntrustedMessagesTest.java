package com.theeye.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.theeye.event.Event;
import com.theeye.event.EventCodec;
import com.theeye.processor.MessageResult.EventOutcome;
import com.theeye.store.InvalidEventItems;
import com.theeye.store.TableNames;
import com.theeye.testsupport.AwsEmulators;
import com.theeye.testsupport.AwsTestEnvironment;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The processor believes no queue message: a sender that is not a trusted, enabled application, or
 * an id that is not the one its content gives, makes the event invalid, with the reason.
 */
@ExtendWith(AwsEmulators.class)
class UntrustedMessagesTest {

  private static final UUID SHOP = UUID.randomUUID();
  private static final UUID REVOKED = UUID.randomUUID();

  private TableNames tables;
  private StoredItems stored;
  private BatchProcessor processor;

  @BeforeEach
  void setUp(AwsTestEnvironment aws) {
    tables = aws.createTables();
    aws.putApplication(tables, SHOP, "shop", true);
    aws.putApplication(tables, REVOKED, "revoked", false);
    stored = new StoredItems(aws.dynamoDb(), tables);
    processor = Processors.create(aws.dynamoDb(), tables);
  }

  @AfterEach
  void close() {
    processor.close();
  }

  @Test
  void aMessageFromAnUnregisteredApplicationIsKeptAsInvalidAndClaimsNoSession() {
    Event forged = TestEvents.pageview(UUID.randomUUID(), UUID.randomUUID(), "/");

    MessageResult result = processor.process(TestEvents.message(forged));

    assertEquals(EventOutcome.INVALID, result.outcomes().getFirst());
    assertEquals(List.of(), stored.events());
    assertEquals(List.of(), stored.sessions());
    assertEquals("untrusted application", reasonOf(forged.id()));
  }

  @Test
  void aMessageFromADisabledApplicationIsKeptAsInvalid() {
    Event revoked = TestEvents.pageview(REVOKED, UUID.randomUUID(), "/");

    assertEquals(
        EventOutcome.INVALID, processor.process(TestEvents.message(revoked)).outcomes().getFirst());
    assertEquals("untrusted application", reasonOf(revoked.id()));
  }

  @Test
  void anIdThatDoesNotMatchTheContentIsKeptAsInvalidUnderTheDerivedId() {
    Event genuine = TestEvents.pageview(SHOP, UUID.randomUUID(), "/");
    Event other = TestEvents.pageview(SHOP, UUID.randomUUID(), "/other");
    Event claimingAnotherId =
        new Event(
            other.id(),
            genuine.application(),
            genuine.sessionId(),
            genuine.category(),
            genuine.name(),
            genuine.data(),
            genuine.timestamp(),
            genuine.receivedAt());

    MessageResult forged = processor.process(TestEvents.message(claimingAnotherId));
    MessageResult real = processor.process(TestEvents.message(other));

    assertEquals(EventOutcome.INVALID, forged.outcomes().getFirst());
    assertEquals(
        EventOutcome.STORED, real.outcomes().getFirst(), "the forged id took nobody's place");
    assertEquals("id does not match content", reasonOf(genuine.id()));
    assertEquals(List.of(other.id()), stored.eventIds());
    assertEquals(
        EventCodec.toMessage(claimingAnotherId),
        stored.invalidEvent(genuine.id()).orElseThrow().get(InvalidEventItems.EVENT).s());
  }

  private String reasonOf(String id) {
    return stored.invalidEvent(id).orElseThrow().get(InvalidEventItems.REASON).s();
  }
}

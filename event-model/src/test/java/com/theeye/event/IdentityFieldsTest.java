package com.theeye.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IdentityFieldsTest {

  private static final UUID APP = UUID.fromString("0e302fce-66ad-4721-911e-0ab9d33697bf");
  private static final UUID SESSION = UUID.fromString("e2085be5-9137-4e4e-80b5-f1ffddc25423");
  private static final Instant WHEN = Instant.parse("2021-01-01T09:15:27.243860Z");
  private static final Instant RECEIVED = Instant.parse("2021-01-01T09:15:28Z");

  @Test
  void anEventWithoutIdentityKeepsTheIdItAlwaysHad() {
    Event event = event(Identity.NONE, ClientClock.NONE, SegmentMessage.NONE);

    assertEquals(EventIds.derive(APP, SESSION, "c", "n", WHEN, event.data()), EventIds.of(event));
  }

  @Test
  void theAnonymousIdAndTheUserIdArePartOfTheIdWhenPresent() {
    String none = EventIds.of(event(Identity.NONE, ClientClock.NONE, SegmentMessage.NONE));
    String anonymous =
        EventIds.of(
            event(
                new Identity(Optional.of("a1"), Optional.empty()),
                ClientClock.NONE,
                SegmentMessage.NONE));
    String user =
        EventIds.of(
            event(
                new Identity(Optional.empty(), Optional.of("a1")),
                ClientClock.NONE,
                SegmentMessage.NONE));

    assertNotEquals(none, anonymous);
    assertNotEquals(anonymous, user, "the same text as anonymous id or user id is two events");
  }

  @Test
  void aCorrectedEventIsNamedByTheClientsOwnTimestampNotBySentAt() {
    Instant corrected = Instant.parse("2021-01-01T11:00:00Z");
    Event first =
        correctedEvent(
            corrected, new ClientClock(Optional.of(WHEN.plusSeconds(5)), Optional.of(WHEN)));
    Event retry =
        correctedEvent(
            corrected.plusSeconds(1),
            new ClientClock(Optional.of(WHEN.plusSeconds(65)), Optional.of(WHEN)));

    assertEquals(EventIds.of(first), EventIds.of(retry));
    assertEquals(EventIds.derive(APP, SESSION, "c", "n", WHEN, first.data()), EventIds.of(first));
  }

  @Test
  void aSegmentMessageIdNamesTheEventWhateverElseItCarries() {
    SegmentMessage message =
        new SegmentMessage(Optional.of("m-1"), Optional.of(object("{\"type\":\"track\"}")));
    Event first = event(Identity.NONE, ClientClock.NONE, message);
    Event other =
        new Event(
            "",
            APP,
            SESSION,
            "c",
            "other name",
            object("{\"x\":1}"),
            WHEN.plusSeconds(9),
            RECEIVED,
            ClientContext.NONE,
            Identity.NONE,
            ClientClock.NONE,
            message);

    assertEquals(EventIds.of(first), EventIds.of(other));
    assertEquals(
        EventIds.nameBased("segment messageId", APP.toString(), "m-1").toString(),
        EventIds.of(first));
  }

  @Test
  void aSegmentMessageWithoutMessageIdHashesItsOtherFields() {
    String group1 =
        EventIds.of(
            event(
                Identity.NONE,
                ClientClock.NONE,
                new SegmentMessage(Optional.empty(), Optional.of(object("{\"groupId\":\"g1\"}")))));
    String group2 =
        EventIds.of(
            event(
                Identity.NONE,
                ClientClock.NONE,
                new SegmentMessage(Optional.empty(), Optional.of(object("{\"groupId\":\"g2\"}")))));

    assertNotEquals(group1, group2);
  }

  @Test
  void everyNewFieldTravelsOnTheQueueAndAnOldMessageReadsWithoutThem() {
    Event event =
        Event.identified(
            APP,
            SESSION,
            "track",
            "Order Completed",
            object("{\"total\":10}"),
            WHEN.plusSeconds(3600),
            RECEIVED,
            new Identity(Optional.of("anon-1"), Optional.of("u42")),
            new ClientClock(Optional.of(WHEN.plusSeconds(1)), Optional.of(WHEN)),
            new SegmentMessage(
                Optional.of("m-9"), Optional.of(object("{\"type\":\"track\",\"context\":{}}"))));

    Event decoded = EventCodec.fromMessage(EventCodec.toMessage(event));

    assertEquals(event, decoded);
    Event old = Event.identified(APP, SESSION, "c", "n", object("{}"), WHEN, RECEIVED);
    String message = EventCodec.toMessage(old);
    assertTrue(!message.contains("segment") && !message.contains("user_id"), message);
    assertEquals(old, EventCodec.fromMessage(message));
  }

  @Test
  void theCorrectionMovesTheClientsTimestampByHowLongItHeldTheEvent() {
    Instant clientTime = Instant.parse("2030-01-01T00:00:00Z"); // a clock years ahead
    Instant sentAt = clientTime.plusSeconds(10);

    assertEquals(
        Optional.of(RECEIVED.minusSeconds(10)),
        ClientClock.corrected(clientTime, sentAt, RECEIVED));
    assertEquals(
        Optional.empty(),
        ClientClock.corrected(
            Instant.parse("0001-01-01T00:00:00Z"),
            Instant.parse("9999-01-01T00:00:00Z"),
            RECEIVED));
  }

  private static Event event(Identity identity, ClientClock clock, SegmentMessage segment) {
    return new Event(
        "",
        APP,
        SESSION,
        "c",
        "n",
        object("{\"k\":\"v\"}"),
        WHEN,
        RECEIVED,
        ClientContext.NONE,
        identity,
        clock,
        segment);
  }

  private static Event correctedEvent(Instant corrected, ClientClock clock) {
    return new Event(
        "",
        APP,
        SESSION,
        "c",
        "n",
        object("{\"k\":\"v\"}"),
        corrected,
        RECEIVED,
        ClientContext.NONE,
        Identity.NONE,
        clock,
        SegmentMessage.NONE);
  }

  private static ObjectNode object(String json) {
    try {
      return (ObjectNode) ExactJson.MAPPER.readTree(json);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}

package com.theeye.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventCodecTest {

  @Test
  void messageRoundTripsEveryField() throws Exception {
    Event event = pageview("{\"host\":\"x\",\"price\":19.90}");

    Event decoded = EventCodec.fromMessage(EventCodec.toMessage(event));

    assertEquals(event, decoded);
    assertTrue(EventCodec.toMessage(decoded).contains("19.90"), "numbers keep their exact text");
  }

  @Test
  void theClientContextTravelsWithTheMessageOutsideData() throws Exception {
    Event event =
        pageview("{\"host\":\"x\"}")
            .withContext(
                new ClientContext(Optional.of("Mozilla/5.0"), Optional.of("203.0.113.77")));

    String message = EventCodec.toMessage(event);
    Event decoded = EventCodec.fromMessage(message);

    assertEquals(event, decoded);
    assertEquals(
        ExactJson.MAPPER.readTree("{\"user_agent\":\"Mozilla/5.0\",\"ip\":\"203.0.113.0\"}"),
        ExactJson.MAPPER.readTree(message).get("context"));
    assertFalse(message.contains("203.0.113.77"), "the full address never leaves the ingest");
    assertEquals(ExactJson.MAPPER.readTree("{\"host\":\"x\"}"), decoded.data());
  }

  @Test
  void aMessageWithoutAContextReadsAsNone() {
    Event event = EventCodec.fromMessage(MESSAGE_WITHOUT_CONTEXT);

    assertEquals(ClientContext.NONE, event.context());
    assertFalse(EventCodec.toMessage(event).contains("context"));
  }

  private static Event pageview(String data) throws Exception {
    return Event.identified(
        UUID.randomUUID(),
        UUID.randomUUID(),
        "page interaction",
        "pageview",
        (ObjectNode) ExactJson.MAPPER.readTree(data),
        Instant.parse("2021-01-01T09:15:27.243860Z"),
        Instant.parse("2021-01-01T09:15:28.000001Z"));
  }

  private static final String MESSAGE_WITHOUT_CONTEXT =
      "{\"id\":\"x\",\"application\":\"0e302fce-66ad-4721-911e-0ab9d33697bf\","
          + "\"session_id\":\"e2085be5-9137-4e4e-80b5-f1ffddc25423\",\"category\":\"c\",\"name\":\"n\","
          + "\"data\":{},\"timestamp\":\"2021-01-01T00:00:00Z\",\"received_at\":\"2021-01-01T00:00:00Z\"}";

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "not json",
        "[]",
        "{}",
        "{\"id\":\"x\",\"application\":\"nope\",\"session_id\":\"e2085be5-9137-4e4e-80b5-f1ffddc25423\","
            + "\"category\":\"c\",\"name\":\"n\",\"data\":{},\"timestamp\":\"2021-01-01T00:00:00Z\","
            + "\"received_at\":\"2021-01-01T00:00:00Z\"}",
        "{\"id\":\"x\",\"application\":\"0e302fce-66ad-4721-911e-0ab9d33697bf\","
            + "\"session_id\":\"e2085be5-9137-4e4e-80b5-f1ffddc25423\",\"category\":\"c\",\"name\":\"n\","
            + "\"data\":[],\"timestamp\":\"2021-01-01T00:00:00Z\",\"received_at\":\"2021-01-01T00:00:00Z\"}"
      })
  void rejectsMessagesThatAreNotNormalizedEvents(String body) {
    assertThrows(MalformedEventException.class, () -> EventCodec.fromMessage(body));
  }

  @Test
  void packedMessageCarriesEachEventAsItsOwnMessageWouldAndDecodesEachOnItsOwn() throws Exception {
    Event first = event("{\"path\":\"/a\"}");
    Event second = event("{\"path\":\"/b\",\"price\":1.50}");
    String packed =
        EventCodec.toPackedMessage(
            List.of(
                EventCodec.toMessage(first),
                "{\"id\":\"no other field\"}",
                EventCodec.toMessage(second)));

    List<EventCodec.DecodedEvent> decoded = EventCodec.fromAnyMessage(packed);

    assertEquals(3, decoded.size());
    assertEquals(Optional.of(first), decoded.get(0).event());
    assertEquals(EventCodec.toMessage(first), decoded.get(0).message());
    assertTrue(decoded.get(1).event().isEmpty());
    assertTrue(decoded.get(1).malformed().isPresent());
    assertEquals(Optional.of(second), decoded.get(2).event());
    assertEquals(EventCodec.toMessage(second), decoded.get(2).message(), "1.50 stays 1.50");
  }

  @Test
  void aSingleEventMessageDecodesAsOneEventWithItsOwnText() throws Exception {
    String message = EventCodec.toMessage(event("{}"));

    List<EventCodec.DecodedEvent> decoded = EventCodec.fromAnyMessage(message);

    assertEquals(1, decoded.size());
    assertEquals(message, decoded.getFirst().message());
    assertEquals(Optional.of(EventCodec.fromMessage(message)), decoded.getFirst().event());
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"events\":[]}", "{\"events\":{}}", "not json", "[]"})
  void rejectsAMessageThatIsNeitherForm(String body) {
    assertThrows(MalformedEventException.class, () -> EventCodec.fromAnyMessage(body));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1e99999999999", "-1e99999999999", "1.5E+99999999999", "1e-2147483648"})
  void aNumberNoBigDecimalHoldsMakesTheMessageMalformedWithoutQuotingIt(String number)
      throws Exception {
    String message =
        EventCodec.toMessage(event("{\"n\":4242424242}")).replace("4242424242", number);

    MalformedEventException malformed =
        assertThrows(MalformedEventException.class, () -> EventCodec.fromAnyMessage(message));

    assertEquals("a number is out of range", malformed.getMessage());
  }

  @Test
  void aMessageWithANumberOutOfTheEventRangeButReadableIsStillRead() throws Exception {
    // An older ingest accepted it: the processor must read the event to keep it as invalid.
    Event event = event("{\"n\":1E+2147483647}");

    assertEquals(event, EventCodec.fromMessage(EventCodec.toMessage(event)));
  }

  private static Event event(String data) throws Exception {
    return Event.identified(
        UUID.randomUUID(),
        UUID.randomUUID(),
        "page interaction",
        "pageview",
        (ObjectNode) ExactJson.MAPPER.readTree(data),
        Instant.parse("2021-01-01T09:15:27.243860Z"),
        Instant.parse("2021-01-01T09:15:28Z"));
  }
}

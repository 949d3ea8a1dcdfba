package com.theeye.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.theeye.event.Event;
import com.theeye.event.EventCodec;
import com.theeye.event.ExactJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EventQueueTest {

  private static final UUID APPLICATION = UUID.randomUUID();
  private static final UUID SESSION = UUID.randomUUID();

  @Test
  void oneEventIsOneMessageInTheSingleEventForm() {
    Event event = event(0, 10);

    assertEquals(List.of(EventCodec.toMessage(event)), EventQueue.pack(List.of(event)));
  }

  @Test
  void aHundredSmallEventsArePackedIntoOneMessage() {
    List<Event> events = IntStream.range(0, 100).mapToObj(i -> event(i, 100)).toList();

    List<String> messages = EventQueue.pack(events);

    assertEquals(1, messages.size());
    assertEquals(events, eventsOf(messages));
  }

  @Test
  void largeEventsStartANewMessageBeforeTheSizeLimitAndKeepTheirOrder() {
    // 100 events of ~20 KB: 2 MB in all, so at least 8 messages of at most 256 KiB.
    List<Event> events = IntStream.range(0, 100).mapToObj(i -> event(i, 20_000)).toList();

    List<String> messages = EventQueue.pack(events);

    assertTrue(messages.size() >= 8 && messages.size() <= 10, "messages: " + messages.size());
    for (String message : messages) {
      int bytes = message.getBytes(StandardCharsets.UTF_8).length;
      assertTrue(bytes <= EventQueue.MAX_MESSAGE_BYTES, "a message of " + bytes + " bytes");
    }
    assertEquals(events, eventsOf(messages));
  }

  @Test
  void multiByteTextIsCountedInBytesNotCharacters() {
    // "é" is two bytes in UTF-8: by characters these would wrongly fit fewer messages.
    List<Event> events = IntStream.range(0, 30).mapToObj(i -> event(i, 20_000, "é")).toList();

    List<String> messages = EventQueue.pack(events);

    for (String message : messages) {
      assertTrue(message.getBytes(StandardCharsets.UTF_8).length <= EventQueue.MAX_MESSAGE_BYTES);
    }
    assertEquals(events, eventsOf(messages));
  }

  private static List<Event> eventsOf(List<String> messages) {
    return messages.stream()
        .flatMap(message -> EventCodec.fromAnyMessage(message).stream())
        .map(decoded -> decoded.event().orElseThrow())
        .toList();
  }

  private static Event event(int index, int padding) {
    return event(index, padding, "x");
  }

  private static Event event(int index, int padding, String letter) {
    ObjectNode data = ExactJson.MAPPER.createObjectNode();
    data.put("path", "/page/" + index);
    data.put("padding", letter.repeat(padding));
    Instant at = Instant.parse("2026-03-01T12:00:00Z");
    return Event.identified(APPLICATION, SESSION, "page interaction", "pageview", data, at, at);
  }
}

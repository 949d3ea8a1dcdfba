package com.theeye.processor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.theeye.event.Event;
import com.theeye.event.EventCodec;
import com.theeye.event.ExactJson;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** Events and queue messages as the ingest function would enqueue them. */
final class TestEvents {

  static final Instant RECEIVED_AT = Instant.parse("2026-03-01T12:00:00Z");
  static final Instant TIMESTAMP = RECEIVED_AT.minusSeconds(2);

  private static final AtomicLong MESSAGE_IDS = new AtomicLong();

  private TestEvents() {}

  static Event pageview(UUID application, UUID session, String path) {
    return event(
        application,
        session,
        "page interaction",
        "pageview",
        "{\"host\":\"shop.example\",\"path\":\"" + path + "\"}",
        TIMESTAMP);
  }

  static Event event(
      UUID application,
      UUID session,
      String category,
      String name,
      String data,
      Instant timestamp) {
    return Event.identified(
        application, session, category, name, json(data), timestamp, RECEIVED_AT);
  }

  /**
   * A delivery of {@code event}: every call gets a new SQS message id, as every redelivery does.
   */
  static QueueMessage message(Event event) {
    return new QueueMessage("m-" + MESSAGE_IDS.incrementAndGet(), EventCodec.toMessage(event));
  }

  /**
   * One delivery of several events packed into one message, as the ingest function packs arrays.
   */
  static QueueMessage packed(List<Event> events) {
    return new QueueMessage(
        "m-" + MESSAGE_IDS.incrementAndGet(),
        EventCodec.toPackedMessage(events.stream().map(EventCodec::toMessage).toList()));
  }

  static ObjectNode json(String text) {
    try {
      return (ObjectNode) ExactJson.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("bad test JSON: " + text, e);
    }
  }
}

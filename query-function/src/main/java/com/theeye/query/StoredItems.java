package com.theeye.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.theeye.event.EventCodec;
import com.theeye.store.TableLayout;
import java.io.IOException;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Turns stored items back into the API's JSON, reading the attributes the processor's EventStore
 * writes: JSON kept as text ({@code data}, {@code event}) becomes JSON again.
 */
final class StoredItems {

  private StoredItems() {}

  /**
   * {@code {"id","application","session_id","category","name","data","timestamp","received_at"}}.
   */
  static ObjectNode event(Map<String, AttributeValue> item) {
    ObjectNode node = EventCodec.JSON.createObjectNode();
    node.put("id", text(item, "id"));
    node.put("application", text(item, "application"));
    node.put("session_id", text(item, TableLayout.SESSION_ID));
    node.put("category", text(item, "category"));
    node.put("name", text(item, "name"));
    node.set("data", json(item, "data"));
    node.put("timestamp", text(item, "timestamp"));
    node.put("received_at", text(item, "received_at"));
    return node;
  }

  /** {@code {"id","application","received_at","event","errors":[{"field","message"}],"reason"}}. */
  static ObjectNode invalidEvent(Map<String, AttributeValue> item) {
    ObjectNode node = EventCodec.JSON.createObjectNode();
    node.put("id", text(item, TableLayout.INVALID_ID));
    node.put("application", text(item, "application"));
    node.put("received_at", text(item, "received_at"));
    node.set("event", json(item, "event"));
    ArrayNode errors = node.putArray("errors");
    for (AttributeValue error :
        item.getOrDefault("errors", AttributeValue.fromL(java.util.List.of())).l()) {
      errors
          .addObject()
          .put("field", text(error.m(), "field"))
          .put("message", text(error.m(), "message"));
    }
    node.put("reason", text(item, "reason"));
    return node;
  }

  private static String text(Map<String, AttributeValue> item, String attribute) {
    AttributeValue value = item.get(attribute);
    if (value == null || value.s() == null) {
      throw new IllegalStateException("stored item has no text attribute " + attribute);
    }
    return value.s();
  }

  private static JsonNode json(Map<String, AttributeValue> item, String attribute) {
    try {
      return EventCodec.JSON.readTree(text(item, attribute));
    } catch (IOException e) {
      throw new IllegalStateException("stored attribute " + attribute + " is not JSON", e);
    }
  }
}

package com.theeye.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.theeye.event.Event;
import com.theeye.event.EventCodec;
import com.theeye.event.EventTimestamps;
import com.theeye.event.ExactJson;
import com.theeye.store.StoredEvent;
import com.theeye.store.StoredInvalidEvent;
import java.io.IOException;

/**
 * The API's JSON of each result, as the seed API answered: the stored event's fields, and an
 * invalid event's message as JSON again.
 */
final class QueryResults {

  private QueryResults() {}

  /** {@link #event(Event)} with whether it is unplanned. */
  static ObjectNode event(StoredEvent stored) {
    return event(stored.event()).put("unplanned", stored.unplanned());
  }

  /**
   * {@code {"id","application","session_id","category","name","data","timestamp","received_at",
   * "context","user_id","anonymous_id","message_id","sent_at","original_timestamp","segment"}};
   * {@code context} holds {@code user_agent} and {@code ip} (truncated) when known; the others are
   * null where the event has none.
   */
  static ObjectNode event(Event event) {
    ObjectNode node = ExactJson.MAPPER.createObjectNode();
    node.put("id", event.id());
    node.put("application", event.application().toString());
    node.put("session_id", event.sessionId().toString());
    node.put("category", event.category());
    node.put("name", event.name());
    node.set("data", event.data());
    node.put("timestamp", EventTimestamps.format(event.timestamp()));
    node.put("received_at", EventTimestamps.format(event.receivedAt()));
    node.set(EventCodec.CONTEXT, EventCodec.contextJson(event.context()));
    node.put(EventCodec.USER_ID, event.identity().userId().orElse(null));
    node.put(EventCodec.ANONYMOUS_ID, event.identity().anonymousId().orElse(null));
    node.put(EventCodec.MESSAGE_ID, event.segment().messageId().orElse(null));
    node.put(EventCodec.SENT_AT, event.clock().sentAt().map(EventTimestamps::format).orElse(null));
    node.put(
        EventCodec.ORIGINAL_TIMESTAMP,
        event.clock().originalTimestamp().map(EventTimestamps::format).orElse(null));
    node.set(EventCodec.SEGMENT, event.segment().fields().orElse(null));
    return node;
  }

  /**
   * {@code {"id","application","received_at","event","errors":[{"field","message"}],"reason",
   * "schema_version","replay":{"replayed_at","outcome"}|null}}.
   */
  static ObjectNode invalidEvent(StoredInvalidEvent invalid) {
    ObjectNode node = ExactJson.MAPPER.createObjectNode();
    node.put("id", invalid.id());
    node.put("application", invalid.application().toString());
    node.put("received_at", EventTimestamps.format(invalid.receivedAt()));
    node.set("event", json(invalid.message()));
    ArrayNode errors = node.putArray("errors");
    for (StoredInvalidEvent.FieldError error : invalid.errors()) {
      errors.addObject().put("field", error.field()).put("message", error.message());
    }
    node.put("reason", invalid.reason());
    node.put("schema_version", invalid.schemaVersion().orElse(null));
    invalid
        .replay()
        .ifPresentOrElse(
            replay ->
                node.putObject("replay")
                    .put("replayed_at", EventTimestamps.format(replay.replayedAt()))
                    .put("outcome", replay.outcome().text()),
            () -> node.putNull("replay"));
    return node;
  }

  private static JsonNode json(String message) {
    try {
      return ExactJson.MAPPER.readTree(message);
    } catch (IOException e) {
      throw new IllegalStateException("stored invalid event's message is not JSON", e);
    }
  }
}

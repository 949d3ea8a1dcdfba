package com.theeye.deletion;

import com.fasterxml.jackson.databind.JsonNode;
import com.theeye.event.Event;
import com.theeye.event.EventCodec;
import com.theeye.event.ExactJson;
import com.theeye.event.MalformedEventException;
import java.io.IOException;
import java.util.Optional;

/**
 * Whose an invalid event is, as its stored message ({@code EventCodec.toMessage}) says: its user
 * id, anonymous id and session. A message the codec cannot read as an event (stored by an older
 * processor, say) is read field by field, so a person named in it is still found.
 */
record StoredMessage(
    Optional<String> userId, Optional<String> anonymousId, Optional<String> session) {

  static StoredMessage of(String message) {
    try {
      Event event = EventCodec.fromMessage(message);
      return new StoredMessage(
          event.identity().userId(),
          event.identity().anonymousId(),
          Optional.of(event.sessionId().toString()));
    } catch (MalformedEventException e) {
      return fieldByField(message);
    }
  }

  private static StoredMessage fieldByField(String message) {
    JsonNode node;
    try {
      node = ExactJson.MAPPER.readTree(message);
    } catch (IOException e) {
      return new StoredMessage(Optional.empty(), Optional.empty(), Optional.empty());
    }
    return new StoredMessage(
        text(node, EventCodec.USER_ID),
        text(node, EventCodec.ANONYMOUS_ID),
        text(node, "session_id"));
  }

  private static Optional<String> text(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value != null && value.isTextual() ? Optional.of(value.textValue()) : Optional.empty();
  }
}

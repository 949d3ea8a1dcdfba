package com.theeye.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The JSON forms of an {@link Event}: the SQS messages the ingest function writes and the processor
 * reads (one event, or several packed into one message), and the seed-style echo returned to
 * callers, all read and written with {@link ExactJson}.
 */
public final class EventCodec {

  /** The one field of a packed message. */
  static final String PACKED_EVENTS = "events";

  private static final String PACKED_PREFIX = "{\"" + PACKED_EVENTS + "\":[";
  private static final String PACKED_SUFFIX = "]}";

  /**
   * The bytes a packed message adds to its elements' own: the envelope, plus one comma between two
   * elements.
   */
  public static final int PACKED_ENVELOPE_BYTES = PACKED_PREFIX.length() + PACKED_SUFFIX.length();

  private EventCodec() {}

  /** The message's, the echo's and the query API's fields of {@link Identity}. */
  public static final String ANONYMOUS_ID = "anonymous_id";

  public static final String USER_ID = "user_id";

  /** The message's and the query API's fields of {@link ClientClock}. */
  public static final String SENT_AT = "sent_at";

  public static final String ORIGINAL_TIMESTAMP = "original_timestamp";

  /** The message's and the query API's fields of {@link SegmentMessage}. */
  public static final String MESSAGE_ID = "message_id";

  public static final String SEGMENT = "segment";

  /**
   * The message body put on the events queue. The fields an event does not have are left out, so a
   * native event without identity is the message it always was.
   */
  public static String toMessage(Event event) {
    ObjectNode node = toSeedJson(event);
    node.put("application", event.application().toString());
    node.put("received_at", EventTimestamps.format(event.receivedAt()));
    if (!event.context().isEmpty()) {
      node.set(CONTEXT, contextJson(event.context()));
    }
    event.segment().messageId().ifPresent(id -> node.put(MESSAGE_ID, id));
    event.segment().fields().ifPresent(fields -> node.set(SEGMENT, fields));
    return write(node);
  }

  /**
   * One message carrying several events: {@code {"events": [<toMessage>, ...]}}. Each element is
   * exactly what {@link #toMessage} writes for that event alone.
   */
  public static String toPackedMessage(List<String> eventMessages) {
    StringBuilder packed = new StringBuilder();
    packed.append(PACKED_PREFIX);
    for (int i = 0; i < eventMessages.size(); i++) {
      if (i > 0) {
        packed.append(',');
      }
      packed.append(eventMessages.get(i));
    }
    return packed.append(PACKED_SUFFIX).toString();
  }

  /**
   * The events of a message written by {@link #toMessage} or {@link #toPackedMessage}, each decoded
   * on its own: one malformed element does not hide the others.
   *
   * @throws MalformedEventException when the text is neither form
   */
  public static List<DecodedEvent> fromAnyMessage(String body) {
    JsonNode node = parse(body);
    JsonNode events = node.get(PACKED_EVENTS);
    if (events == null) {
      return List.of(decode(node, body));
    }
    if (!events.isArray() || events.isEmpty()) {
      throw new MalformedEventException(PACKED_EVENTS + " is not a non-empty array");
    }
    List<DecodedEvent> decoded = new ArrayList<>(events.size());
    for (JsonNode element : events) {
      decoded.add(decode(element, null));
    }
    return decoded;
  }

  /**
   * One element of a message: the event and its own single-event message text, or why it could not
   * be read.
   */
  public record DecodedEvent(Optional<Event> event, String message, Optional<String> malformed) {}

  private static DecodedEvent decode(JsonNode node, String text) {
    String message = text != null ? text : write(node);
    try {
      return new DecodedEvent(Optional.of(fromTree(node)), message, Optional.empty());
    } catch (MalformedEventException e) {
      return new DecodedEvent(Optional.empty(), message, Optional.of(e.getMessage()));
    }
  }

  /** The message's and the query API's field for {@link Event#context()}. */
  public static final String CONTEXT = "context";

  /** {@code {"user_agent": ..., "ip": ...}}, each only when known. */
  public static ObjectNode contextJson(ClientContext context) {
    ObjectNode node = ExactJson.MAPPER.createObjectNode();
    context.userAgent().ifPresent(userAgent -> node.put("user_agent", userAgent));
    context.address().ifPresent(address -> node.put("ip", address));
    return node;
  }

  /**
   * The event as the seed API echoed it, plus its id, and its identity and clock fields when it has
   * them.
   */
  public static ObjectNode toSeedJson(Event event) {
    ObjectNode node = ExactJson.MAPPER.createObjectNode();
    node.put("id", event.id());
    node.put("session_id", event.sessionId().toString());
    node.put("category", event.category());
    node.put("name", event.name());
    node.set("data", event.data());
    node.put("timestamp", EventTimestamps.format(event.timestamp()));
    event.identity().anonymousId().ifPresent(id -> node.put(ANONYMOUS_ID, id));
    event.identity().userId().ifPresent(id -> node.put(USER_ID, id));
    event.clock().sentAt().ifPresent(at -> node.put(SENT_AT, EventTimestamps.format(at)));
    event
        .clock()
        .originalTimestamp()
        .ifPresent(at -> node.put(ORIGINAL_TIMESTAMP, EventTimestamps.format(at)));
    return node;
  }

  /**
   * Reads a message written by {@link #toMessage}.
   *
   * @throws MalformedEventException when the text is not such a message; the message names what is
   *     wrong
   */
  public static Event fromMessage(String body) {
    return fromTree(parse(body));
  }

  private static JsonNode parse(String body) {
    JsonNode node;
    try {
      node = ExactJson.read(body);
    } catch (NumberOutOfRangeException e) {
      throw new MalformedEventException("a number is out of range");
    } catch (JsonProcessingException e) {
      throw new MalformedEventException("not JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw new MalformedEventException("not a JSON object");
    }
    return node;
  }

  private static Event fromTree(JsonNode node) {
    if (!node.isObject()) {
      throw new MalformedEventException("not a JSON object");
    }
    JsonNode data = node.get("data");
    if (data == null || !data.isObject()) {
      throw new MalformedEventException("data is missing or not an object");
    }
    return new Event(
        text(node, "id"),
        uuid(node, "application"),
        uuid(node, "session_id"),
        text(node, "category"),
        text(node, "name"),
        (ObjectNode) data,
        instant(node, "timestamp"),
        instant(node, "received_at"),
        context(node.path(CONTEXT)),
        new Identity(optionalText(node, ANONYMOUS_ID), optionalText(node, USER_ID)),
        new ClientClock(optionalInstant(node, SENT_AT), optionalInstant(node, ORIGINAL_TIMESTAMP)),
        new SegmentMessage(optionalText(node, MESSAGE_ID), segmentFields(node)));
  }

  /** The fields an older message does not have are absent; present, they must be well formed. */
  private static Optional<Instant> optionalInstant(JsonNode node, String field) {
    return node.has(field) ? Optional.of(instant(node, field)) : Optional.empty();
  }

  private static Optional<ObjectNode> segmentFields(JsonNode node) {
    JsonNode fields = node.get(SEGMENT);
    if (fields == null) {
      return Optional.empty();
    }
    if (!fields.isObject()) {
      throw new MalformedEventException(SEGMENT + " is not an object");
    }
    return Optional.of((ObjectNode) fields);
  }

  /** A message without a context (written before there was one) has none. */
  private static ClientContext context(JsonNode context) {
    return new ClientContext(optionalText(context, "user_agent"), optionalText(context, "ip"));
  }

  private static Optional<String> optionalText(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isTextual() ? Optional.of(value.textValue()) : Optional.empty();
  }

  /** Serializes a tree; the tree types cannot fail to write, so failure is a bug, not input. */
  public static String write(JsonNode node) {
    try {
      return ExactJson.MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree failed to serialize", e);
    }
  }

  static String quote(String text) {
    return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + '"';
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new MalformedEventException(field + " is missing or not a string");
    }
    return value.textValue();
  }

  private static UUID uuid(JsonNode node, String field) {
    try {
      return UUID.fromString(text(node, field));
    } catch (IllegalArgumentException e) {
      throw new MalformedEventException(field + " is not a UUID");
    }
  }

  private static Instant instant(JsonNode node, String field) {
    return EventTimestamps.parse(text(node, field))
        .orElseThrow(() -> new MalformedEventException(field + " is not a timestamp"));
  }
}

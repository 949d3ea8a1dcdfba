package com.theeye.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.theeye.event.ClientClock;
import com.theeye.event.Event;
import com.theeye.event.EventCodec;
import com.theeye.event.EventIds;
import com.theeye.event.ExactJson;
import com.theeye.event.Identity;
import com.theeye.event.SegmentMessage;
import com.theeye.event.Uuids;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Maps the messages of a Segment request to events, or to every error found, keyed as the native
 * API keys them (a batch's by message index). The mapping (docs/API.md, "Segment"):
 *
 * <ul>
 *   <li>{@code category}: the message type, except a page or screen that names its own category;
 *       {@code name}: {@code event} of a track, a page's or screen's {@code name} (else the type),
 *       the type for identify, group and alias; {@code data}: {@code properties} (track, page,
 *       screen) or {@code traits} (identify, group), {@code {}} when absent;
 *   <li>{@code userId} and {@code anonymousId} the event's identity, {@code messageId} its {@code
 *       message_id} (and its id, {@link EventIds#of}), {@code sentAt} (the message's, else the
 *       batch's) its {@code sent_at};
 *   <li>{@code timestamp}, else {@code originalTimestamp}, the client's time, corrected for its
 *       clock when {@code sentAt} is known; none at all: the time it was received;
 *   <li>every other top-level field, verbatim, in {@code segment} ({@link SegmentMessage}).
 * </ul>
 */
final class SegmentMessages {

  static final List<String> TYPES =
      List.of("track", "page", "screen", "identify", "group", "alias");

  static final String INVALID_TYPE =
      "is not a valid choice. Use one of: track, page, screen, identify, group, alias.";

  static final String NO_IDENTITY = "Either userId or anonymousId is required.";

  /** Fields of a batch request besides its messages that apply to each of them, as Segment does. */
  private static final List<String> MERGED_BATCH_FIELDS = List.of("context", "integrations");

  /** The body fields that are no part of a message. */
  private static final Set<String> CREDENTIALS = Set.of("writeKey");

  private final int maxBatchMessages;
  private final int maxMessageBytes;

  /**
   * @param maxBatchMessages most messages one batch may carry ({@code MAX_BATCH_EVENTS})
   * @param maxMessageBytes largest one message may be, as compact JSON ({@code MAX_EVENT_BYTES})
   */
  SegmentMessages(int maxBatchMessages, int maxMessageBytes) {
    this.maxBatchMessages = maxBatchMessages;
    this.maxMessageBytes = maxMessageBytes;
  }

  static SegmentMessages of(IngestConfig config) {
    return new SegmentMessages(config.maxBatchEvents(), config.maxEventBytes());
  }

  /** The error of a message larger than {@code maxMessageBytes}. */
  static String tooLarge(int maxMessageBytes) {
    return "Ensure this message has no more than "
        + maxMessageBytes
        + " bytes (MAX_EVENT_BYTES), counted as compact JSON.";
  }

  /** The events of a request body to {@code path}, all of them or every error. */
  EnvelopeResult read(JsonNode body, SegmentPath path, UUID application, Instant receivedAt) {
    if (!body.isObject()) {
      return rejected(EnvelopeValidator.nonFieldError(EnvelopeValidator.notADictionary(body)));
    }
    ObjectNode request = (ObjectNode) body;
    if (!path.batch()) {
      Map<String, List<String>> errors = new LinkedHashMap<>();
      Optional<Event> event =
          toEvent(request, path.type(), Optional.empty(), application, receivedAt, errors);
      return event
          .<EnvelopeResult>map(e -> new EnvelopeResult.Accepted(List.of(e), false))
          .orElseGet(() -> rejected(EnvelopeValidator.toJson(errors)));
    }
    Map<String, List<String>> batchErrors = new LinkedHashMap<>();
    Optional<Instant> sentAt = EnvelopeValidator.optionalTimestamp(request, "sentAt", batchErrors);
    JsonNode batch = request.get("batch");
    if (batch == null || batch.isNull()) {
      batchErrors.put("batch", List.of(EnvelopeValidator.REQUIRED));
    } else if (!batch.isArray()) {
      batchErrors.put(
          "batch",
          List.of(
              "Expected a list of items but got type \""
                  + EnvelopeValidator.pythonType(batch)
                  + "\"."));
    } else if (batch.isEmpty()) {
      batchErrors.put("batch", List.of("This list may not be empty."));
    } else if (batch.size() > maxBatchMessages) {
      batchErrors.put(
          "batch",
          List.of("Ensure this field has no more than " + maxBatchMessages + " elements."));
    }
    if (!batchErrors.isEmpty()) {
      return rejected(EnvelopeValidator.toJson(batchErrors));
    }
    List<Event> events = new ArrayList<>(batch.size());
    ObjectNode errorsByIndex = ExactJson.MAPPER.createObjectNode();
    for (int i = 0; i < batch.size(); i++) {
      JsonNode element = batch.get(i);
      if (!element.isObject()) {
        errorsByIndex.set(
            Integer.toString(i),
            EnvelopeValidator.nonFieldError(EnvelopeValidator.notADictionary(element)));
        continue;
      }
      Map<String, List<String>> errors = new LinkedHashMap<>();
      toEvent(
              withBatchFields((ObjectNode) element, request),
              null,
              sentAt,
              application,
              receivedAt,
              errors)
          .ifPresent(events::add);
      if (!errors.isEmpty()) {
        errorsByIndex.set(Integer.toString(i), EnvelopeValidator.toJson(errors));
      }
    }
    return errorsByIndex.isEmpty()
        ? new EnvelopeResult.Accepted(events, true)
        : rejected(errorsByIndex);
  }

  /** A message with the batch's {@code context} and {@code integrations} when it has none. */
  private static ObjectNode withBatchFields(ObjectNode message, ObjectNode request) {
    ObjectNode merged = message;
    for (String field : MERGED_BATCH_FIELDS) {
      if (request.has(field) && !message.has(field)) {
        merged = merged == message ? message.deepCopy() : merged;
        merged.set(field, request.get(field));
      }
    }
    return merged;
  }

  /**
   * One message as an event, or empty after recording every error.
   *
   * @param pathType the type a single-message path implies; null on a batch, where each message
   *     names its own
   * @param batchSentAt the batch's {@code sentAt}, for messages without their own
   */
  Optional<Event> toEvent(
      ObjectNode message,
      String pathType,
      Optional<Instant> batchSentAt,
      UUID application,
      Instant receivedAt,
      Map<String, List<String>> errors) {
    if (EventCodec.write(message).getBytes(StandardCharsets.UTF_8).length > maxMessageBytes) {
      errors.put(EnvelopeValidator.NON_FIELD_ERRORS, List.of(tooLarge(maxMessageBytes)));
      return Optional.empty();
    }
    String type = type(message, pathType, errors);
    if (type == null) {
      return Optional.empty();
    }
    Fields fields = new Fields(message);
    String dataField = dataField(type);
    ObjectNode data = fields.object(dataField, errors);
    String name;
    String category = type;
    if (type.equals("track")) {
      name = fields.text("event", errors).orElse(null);
      if (name == null && !errors.containsKey("event")) {
        errors.put("event", List.of(EnvelopeValidator.REQUIRED));
      }
    } else if (type.equals("page") || type.equals("screen")) {
      name = fields.text("name", errors).orElse(type);
      category = fields.text("category", errors).orElse(type);
    } else {
      name = type;
    }
    Identity identity =
        new Identity(fields.text("anonymousId", errors), fields.text("userId", errors));
    if (identity.isEmpty() && !errors.containsKey("userId") && !errors.containsKey("anonymousId")) {
      errors.put("userId", List.of(NO_IDENTITY));
    }
    Optional<String> messageId = fields.text("messageId", errors);
    Optional<Instant> clientTime = fields.timestamp("timestamp", errors);
    if (clientTime.isEmpty() && !errors.containsKey("timestamp")) {
      clientTime = fields.timestamp("originalTimestamp", errors);
    }
    Optional<Instant> sentAt = fields.timestamp("sentAt", errors).or(() -> batchSentAt);
    ObjectNode rest = fields.rest(type);
    EnvelopeValidator.problemIn(rest, 1)
        .ifPresent(problem -> errors.put("segment", List.of(problem)));
    if (!errors.isEmpty()) {
      return Optional.empty();
    }
    Instant timestamp = clientTime.orElse(receivedAt);
    Optional<ClientClock> clock =
        clientTime.isPresent()
            ? EnvelopeValidator.corrected(timestamp, sentAt, receivedAt, "sentAt", errors)
            : Optional.of(new ClientClock(sentAt, Optional.empty()));
    if (clock.isEmpty()) {
      return Optional.empty();
    }
    Instant stored =
        clock.get().originalTimestamp().isPresent()
            ? EnvelopeValidator.correctedTime(timestamp, sentAt.get(), receivedAt)
            : timestamp;
    return Optional.of(
        Event.identified(
            application,
            session(application, identity, rest, data),
            category,
            name,
            data,
            stored,
            receivedAt,
            identity,
            clock.get(),
            new SegmentMessage(messageId, Optional.of(rest))));
  }

  /** The message's type: the path's, or on a batch its own {@code type}; null after an error. */
  private static String type(
      ObjectNode message, String pathType, Map<String, List<String>> errors) {
    JsonNode type = message.get("type");
    if (pathType != null) {
      if (type != null && !type.isNull() && !pathType.equals(type.asText(null))) {
        errors.put("type", List.of("Must be \"" + pathType + "\" on this path, or left out."));
        return null;
      }
      return pathType;
    }
    if (type == null || type.isNull()) {
      errors.put("type", List.of(EnvelopeValidator.REQUIRED));
      return null;
    }
    if (!type.isTextual()) {
      errors.put("type", List.of(EnvelopeValidator.NOT_A_STRING));
      return null;
    }
    if (!TYPES.contains(type.textValue())) {
      // The type is quoted only when it is one a client may have meant: never echo arbitrary text.
      errors.put("type", List.of("The type " + INVALID_TYPE));
      return null;
    }
    return type.textValue();
  }

  /** The field that holds a type's data. */
  private static String dataField(String type) {
    return switch (type) {
      case "identify", "group" -> "traits";
      case "alias" -> null;
      default -> "properties";
    };
  }

  /**
   * The session: a UUID the client sent as {@code context.session_id} or {@code
   * properties.session_id} (session plugins do), else one named by the application and the
   * anonymous id (the user id when there is none), so a person's events stay together.
   */
  private static UUID session(
      UUID application, Identity identity, ObjectNode rest, ObjectNode data) {
    return sessionIn(rest.path("context"))
        .or(() -> sessionIn(data))
        .orElseGet(
            () ->
                identity.anonymousId().isPresent()
                    ? EventIds.nameBased(
                        "segment session",
                        application.toString(),
                        "anonymousId",
                        identity.anonymousId().get())
                    : EventIds.nameBased(
                        "segment session",
                        application.toString(),
                        "userId",
                        identity.userId().orElseThrow()));
  }

  private static Optional<UUID> sessionIn(JsonNode holder) {
    JsonNode session = holder.path("session_id");
    return session.isTextual() ? Uuids.parse(session.textValue()) : Optional.empty();
  }

  private static EnvelopeResult rejected(ObjectNode errors) {
    return new EnvelopeResult.Rejected(errors);
  }

  /**
   * A message's fields as they are read: each field read is taken out, so what is left ({@link
   * #rest}) is every field without one of its own.
   */
  private static final class Fields {
    private final ObjectNode message;
    private final List<String> taken = new ArrayList<>();

    Fields(ObjectNode message) {
      this.message = message;
    }

    Optional<String> text(String field, Map<String, List<String>> errors) {
      taken.add(field);
      return EnvelopeValidator.optionalText(message, field, errors);
    }

    Optional<Instant> timestamp(String field, Map<String, List<String>> errors) {
      taken.add(field);
      return EnvelopeValidator.optionalTimestamp(message, field, errors);
    }

    /** The type's data field, {@code {}} when absent or there is none. */
    ObjectNode object(String field, Map<String, List<String>> errors) {
      if (field == null) {
        return ExactJson.MAPPER.createObjectNode();
      }
      taken.add(field);
      JsonNode value = message.get(field);
      if (value == null || value.isNull()) {
        return ExactJson.MAPPER.createObjectNode();
      }
      ObjectNode data = EnvelopeValidator.dictionary(message, field, errors);
      return data == null ? ExactJson.MAPPER.createObjectNode() : data;
    }

    /**
     * Every field not read, verbatim, with the type; without the write key, which is the
     * application's id and already known.
     */
    ObjectNode rest(String type) {
      ObjectNode rest = ExactJson.MAPPER.createObjectNode();
      rest.put("type", type);
      message
          .properties()
          .forEach(
              field -> {
                if (!taken.contains(field.getKey())
                    && !CREDENTIALS.contains(field.getKey())
                    && !field.getKey().equals("type")) {
                  rest.set(field.getKey(), field.getValue());
                }
              });
      return rest;
    }
  }
}

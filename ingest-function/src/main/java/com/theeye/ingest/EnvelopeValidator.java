package com.theeye.ingest;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.theeye.event.ClientClock;
import com.theeye.event.Event;
import com.theeye.event.EventCodec;
import com.theeye.event.EventTimestamps;
import com.theeye.event.ExactJson;
import com.theeye.event.Identity;
import com.theeye.event.JsonNumbers;
import com.theeye.event.SegmentMessage;
import com.theeye.event.Uuids;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Checks a request body against the seed API's event envelope and normalizes it, answering with
 * Django REST Framework's error shape and wording so existing senders keep working.
 *
 * <p>Only the envelope is judged here. Whether {@code data} fits its type's schema, or the
 * timestamp lies in the future, is decided by the processor, so such events are kept where the data
 * team can see them rather than bounced.
 */
final class EnvelopeValidator {

  static final int MAX_TEXT_LENGTH = 200;

  static final String NON_FIELD_ERRORS = "non_field_errors";

  static final String REQUIRED = "This field is required.";
  static final String NOT_NULL = "This field may not be null.";
  static final String NOT_BLANK = "This field may not be blank.";
  static final String NOT_A_STRING = "Not a valid string.";
  static final String NOT_A_UUID = "Must be a valid UUID.";
  static final String TOO_LONG =
      "Ensure this field has no more than " + MAX_TEXT_LENGTH + " characters.";

  /**
   * Deepest nesting of objects and arrays accepted in {@code data}, {@code data} itself being level
   * 1. Every query answer wraps an event in a few more levels, and DynamoDB nests maps at most 32
   * deep, so whatever is accepted here can be stored and served by every query.
   */
  static final int MAX_DATA_DEPTH = 32;

  static final String TOO_DEEP =
      "Ensure this field is nested no more than " + MAX_DATA_DEPTH + " levels deep.";

  /**
   * SQS takes only the characters of XML 1.0 in a message body: #x9 | #xA | #xD | #x20-#xD7FF |
   * #xE000-#xFFFD | #x10000-#x10FFFF, and refuses the message otherwise (InvalidMessageContents,
   * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html).
   * Control characters are escaped by the JSON writer; what is left are unpaired surrogates, U+FFFE
   * and U+FFFF, which are no Unicode text either. They are refused here, naming the field, so a
   * client never retries a 503 that cannot succeed.
   */
  static final String NOT_TEXT =
      "Ensure this field has no unpaired surrogate and no U+FFFE or U+FFFF: they are not text.";

  private final int maxBatchEvents;
  private final int maxEventBytes;

  EnvelopeValidator(int maxBatchEvents) {
    this(maxBatchEvents, Integer.MAX_VALUE);
  }

  /**
   * @param maxBatchEvents most events one array may carry ({@code MAX_BATCH_EVENTS})
   * @param maxEventBytes largest one event may be, as compact JSON ({@code MAX_EVENT_BYTES})
   */
  EnvelopeValidator(int maxBatchEvents, int maxEventBytes) {
    this.maxBatchEvents = maxBatchEvents;
    this.maxEventBytes = maxEventBytes;
  }

  /** The error of an event larger than {@code maxEventBytes}. */
  static String tooLarge(int maxEventBytes) {
    return "Ensure this event has no more than "
        + maxEventBytes
        + " bytes (MAX_EVENT_BYTES), counted as compact JSON.";
  }

  /**
   * The errors of a body holding a number out of range at {@code where} ({@link JsonNumbers}):
   * under the top-level field that holds it (the body itself: {@code non_field_errors}), and in an
   * array body under the event's index, as every other error of the envelope.
   */
  static ObjectNode numberOutOfRange(JsonPointer where, boolean arrayBody) {
    if (!arrayBody || where.matches()) {
      return fieldError(where, JsonNumbers.OUT_OF_RANGE);
    }
    ObjectNode errorsByIndex = ExactJson.MAPPER.createObjectNode();
    errorsByIndex.set(
        where.getMatchingProperty(), fieldError(where.tail(), JsonNumbers.OUT_OF_RANGE));
    return errorsByIndex;
  }

  /** {@code {"field": [message]}} for the first field of {@code where}, or for the whole value. */
  private static ObjectNode fieldError(JsonPointer where, String message) {
    ObjectNode errors = ExactJson.MAPPER.createObjectNode();
    errors.putArray(where.matches() ? NON_FIELD_ERRORS : where.getMatchingProperty()).add(message);
    return errors;
  }

  /** Validates one event object or an array of them; a batch is accepted whole or not at all. */
  EnvelopeResult validate(JsonNode body, UUID application, Instant receivedAt) {
    if (body.isArray()) {
      return validateBatch(body, application, receivedAt);
    }
    if (!body.isObject()) {
      return new EnvelopeResult.Rejected(nonFieldError(notADictionary(body)));
    }
    Map<String, List<String>> errors = new LinkedHashMap<>();
    Optional<Event> event = validateEvent((ObjectNode) body, application, receivedAt, errors);
    return event
        .<EnvelopeResult>map(e -> new EnvelopeResult.Accepted(List.of(e), false))
        .orElseGet(() -> new EnvelopeResult.Rejected(toJson(errors)));
  }

  private EnvelopeResult validateBatch(JsonNode array, UUID application, Instant receivedAt) {
    if (array.isEmpty()) {
      return new EnvelopeResult.Rejected(nonFieldError("This list may not be empty."));
    }
    if (array.size() > maxBatchEvents) {
      return new EnvelopeResult.Rejected(
          nonFieldError("Ensure this field has no more than " + maxBatchEvents + " elements."));
    }
    List<Event> events = new ArrayList<>(array.size());
    ObjectNode errorsByIndex = ExactJson.MAPPER.createObjectNode();
    for (int i = 0; i < array.size(); i++) {
      JsonNode element = array.get(i);
      if (!element.isObject()) {
        errorsByIndex.set(Integer.toString(i), nonFieldError(notADictionary(element)));
        continue;
      }
      Map<String, List<String>> errors = new LinkedHashMap<>();
      validateEvent((ObjectNode) element, application, receivedAt, errors).ifPresent(events::add);
      if (!errors.isEmpty()) {
        errorsByIndex.set(Integer.toString(i), toJson(errors));
      }
    }
    return errorsByIndex.isEmpty()
        ? new EnvelopeResult.Accepted(events, true)
        : new EnvelopeResult.Rejected(errorsByIndex);
  }

  private Optional<Event> validateEvent(
      ObjectNode body, UUID application, Instant receivedAt, Map<String, List<String>> errors) {
    // Measured as the compact JSON the queue carries, so white space in the request does not count.
    if (maxEventBytes < Integer.MAX_VALUE
        && EventCodec.write(body).getBytes(StandardCharsets.UTF_8).length > maxEventBytes) {
      errors.put(NON_FIELD_ERRORS, List.of(tooLarge(maxEventBytes)));
      return Optional.empty();
    }
    UUID sessionId = uuid(body, "session_id", errors);
    String category = text(body, "category", errors);
    String name = text(body, "name", errors);
    ObjectNode data = dictionary(body, "data", errors);
    Instant timestamp = timestamp(body, "timestamp", errors);
    Identity identity =
        new Identity(
            optionalText(body, EventCodec.ANONYMOUS_ID, errors),
            optionalText(body, EventCodec.USER_ID, errors));
    Optional<Instant> sentAt = optionalTimestamp(body, EventCodec.SENT_AT, errors);
    if (!errors.isEmpty()) {
      return Optional.empty();
    }
    return corrected(timestamp, sentAt, receivedAt, EventCodec.SENT_AT, errors)
        .map(
            clock ->
                Event.identified(
                    application,
                    sessionId,
                    category,
                    name,
                    data,
                    clock.originalTimestamp().isPresent()
                        ? correctedTime(timestamp, sentAt.get(), receivedAt)
                        : timestamp,
                    receivedAt,
                    identity,
                    clock,
                    SegmentMessage.NONE));
  }

  static final String SKEW_OUT_OF_RANGE =
      "Ensure this field is a time such that the corrected timestamp, received_at - (sent_at -"
          + " timestamp), lies in the years 1 to 9999.";

  /**
   * The client's clock for {@code timestamp}: none without {@code sentAt}; with it, the original
   * timestamp kept beside the corrected one ({@link ClientClock#corrected}). Empty, after recording
   * why under {@code sentAtField}, when the correction leaves the representable years.
   */
  static Optional<ClientClock> corrected(
      Instant timestamp,
      Optional<Instant> sentAt,
      Instant receivedAt,
      String sentAtField,
      Map<String, List<String>> errors) {
    if (sentAt.isEmpty()) {
      return Optional.of(ClientClock.NONE);
    }
    if (ClientClock.corrected(timestamp, sentAt.get(), receivedAt).isEmpty()) {
      errors.put(sentAtField, List.of(SKEW_OUT_OF_RANGE));
      return Optional.empty();
    }
    return Optional.of(new ClientClock(sentAt, Optional.of(timestamp)));
  }

  /** The corrected time of a clock {@link #corrected} accepted. */
  static Instant correctedTime(Instant timestamp, Instant sentAt, Instant receivedAt) {
    return ClientClock.corrected(timestamp, sentAt, receivedAt).orElseThrow();
  }

  /**
   * An optional text field: absent or null means none; present, the rules of {@code name} (trimmed,
   * not blank, at most 200 code points, text SQS takes).
   */
  static Optional<String> optionalText(
      ObjectNode body, String field, Map<String, List<String>> errors) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    return Optional.ofNullable(text(body, field, errors));
  }

  /** An optional datetime field: absent or null means none. */
  static Optional<Instant> optionalTimestamp(
      ObjectNode body, String field, Map<String, List<String>> errors) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    return Optional.ofNullable(timestamp(body, field, errors));
  }

  private static UUID uuid(ObjectNode body, String field, Map<String, List<String>> errors) {
    JsonNode value = present(body, field, errors);
    if (value == null) {
      return null;
    }
    Optional<UUID> parsed = value.isTextual() ? Uuids.parse(value.textValue()) : Optional.empty();
    if (parsed.isEmpty()) {
      errors.put(field, List.of(NOT_A_UUID));
    }
    return parsed.orElse(null);
  }

  static String text(ObjectNode body, String field, Map<String, List<String>> errors) {
    JsonNode value = present(body, field, errors);
    if (value == null) {
      return null;
    }
    if (!value.isTextual()) {
      errors.put(field, List.of(NOT_A_STRING));
      return null;
    }
    String trimmed = value.textValue().strip(); // DRF's CharField trims white space before checking
    if (trimmed.isEmpty()) {
      errors.put(field, List.of(NOT_BLANK));
      return null;
    }
    if (trimmed.codePointCount(0, trimmed.length()) > MAX_TEXT_LENGTH) {
      errors.put(field, List.of(TOO_LONG));
      return null;
    }
    if (!isQueueable(trimmed)) {
      errors.put(field, List.of(NOT_TEXT));
      return null;
    }
    return trimmed;
  }

  static ObjectNode dictionary(ObjectNode body, String field, Map<String, List<String>> errors) {
    JsonNode value = present(body, field, errors);
    if (value == null) {
      return null;
    }
    if (!value.isObject()) {
      errors.put(
          field,
          List.of("Expected a dictionary of items but got type \"" + pythonType(value) + "\"."));
      return null;
    }
    Optional<String> problem = problemIn(value, 1);
    if (problem.isPresent()) {
      errors.put(field, List.of(problem.get()));
      return null;
    }
    return (ObjectNode) value;
  }

  /** Why {@code node}, at {@code depth}, cannot be carried and served; empty when it can. */
  static Optional<String> problemIn(JsonNode node, int depth) {
    if (node.isContainerNode() && depth > MAX_DATA_DEPTH) {
      return Optional.of(TOO_DEEP);
    }
    if (node.isTextual()) {
      return isQueueable(node.textValue()) ? Optional.empty() : Optional.of(NOT_TEXT);
    }
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      if (!isQueueable(field.getKey())) {
        return Optional.of(NOT_TEXT);
      }
      Optional<String> problem = problemIn(field.getValue(), depth + 1);
      if (problem.isPresent()) {
        return problem;
      }
    }
    if (node.isArray()) {
      for (JsonNode element : node) {
        Optional<String> problem = problemIn(element, depth + 1);
        if (problem.isPresent()) {
          return problem;
        }
      }
    }
    return Optional.empty();
  }

  /** Whether SQS takes {@code text} once JSON-escaped (see {@link #NOT_TEXT}). */
  static boolean isQueueable(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\uFFFE' || c == '\uFFFF') {
        return false;
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
          continue;
        }
        return false;
      }
      if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  static Instant timestamp(ObjectNode body, String field, Map<String, List<String>> errors) {
    JsonNode value = present(body, field, errors);
    if (value == null) {
      return null;
    }
    Optional<Instant> parsed =
        value.isTextual() ? EventTimestamps.parse(value.textValue()) : Optional.empty();
    if (parsed.isEmpty()) {
      errors.put(field, List.of(EventTimestamps.FORMAT_ERROR));
      return null;
    }
    return EventTimestamps.normalize(parsed.get());
  }

  /** The field's value, or null after recording why there is none. */
  private static JsonNode present(ObjectNode body, String field, Map<String, List<String>> errors) {
    JsonNode value = body.get(field);
    if (value == null) {
      errors.put(field, List.of(REQUIRED));
      return null;
    }
    if (value.isNull()) {
      errors.put(field, List.of(NOT_NULL));
      return null;
    }
    return value;
  }

  static String notADictionary(JsonNode value) {
    return "Invalid data. Expected a dictionary, but got " + pythonType(value) + ".";
  }

  /** The name Python gives the value's type: DRF's messages quote it. */
  static String pythonType(JsonNode value) {
    if (value.isTextual()) {
      return "str";
    }
    if (value.isBoolean()) {
      return "bool";
    }
    if (value.isIntegralNumber()) {
      return "int";
    }
    if (value.isNumber()) {
      return "float";
    }
    if (value.isArray()) {
      return "list";
    }
    if (value.isNull()) {
      return "NoneType";
    }
    return "dict";
  }

  static ObjectNode nonFieldError(String message) {
    ObjectNode errors = ExactJson.MAPPER.createObjectNode();
    errors.putArray(NON_FIELD_ERRORS).add(message);
    return errors;
  }

  static ObjectNode toJson(Map<String, List<String>> errors) {
    ObjectNode json = ExactJson.MAPPER.createObjectNode();
    errors.forEach(
        (field, messages) -> {
          var list = json.putArray(field);
          messages.forEach(list::add);
        });
    return json;
  }
}

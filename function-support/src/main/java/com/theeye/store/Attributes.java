package com.theeye.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.theeye.event.EventTimestamps;
import com.theeye.event.ExactJson;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads one attribute of a stored item in the form the codecs write it, failing with the
 * attribute's name when the item does not hold it so.
 */
final class Attributes {

  private Attributes() {}

  static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  static String text(Map<String, AttributeValue> item, String attribute) {
    AttributeValue value = item.get(attribute);
    if (value == null || value.s() == null) {
      throw new IllegalStateException("stored item has no text attribute " + attribute);
    }
    return value.s();
  }

  /** A text attribute items may lack. */
  static Optional<String> optionalText(Map<String, AttributeValue> item, String attribute) {
    AttributeValue value = item.get(attribute);
    return value == null ? Optional.empty() : Optional.ofNullable(value.s());
  }

  static UUID uuid(Map<String, AttributeValue> item, String attribute) {
    try {
      return UUID.fromString(text(item, attribute));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("stored attribute " + attribute + " is not a UUID", e);
    }
  }

  /** An instant written by {@link EventTimestamps#format}. */
  static Instant timestamp(Map<String, AttributeValue> item, String attribute) {
    return EventTimestamps.parse(text(item, attribute))
        .orElseThrow(
            () -> new IllegalStateException("stored attribute " + attribute + " is not a time"));
  }

  /** An instant written by {@link EventTimestamps#format} that items may lack. */
  static Optional<Instant> optionalTimestamp(Map<String, AttributeValue> item, String attribute) {
    return item.containsKey(attribute) ? Optional.of(timestamp(item, attribute)) : Optional.empty();
  }

  /** A JSON object kept as text. */
  static ObjectNode jsonObject(Map<String, AttributeValue> item, String attribute) {
    JsonNode node;
    try {
      node = ExactJson.MAPPER.readTree(text(item, attribute));
    } catch (IOException e) {
      throw new IllegalStateException("stored attribute " + attribute + " is not JSON", e);
    }
    if (!(node instanceof ObjectNode object)) {
      throw new IllegalStateException("stored attribute " + attribute + " is not a JSON object");
    }
    return object;
  }

  /** A JSON object kept as a DynamoDB map ({@link JsonAttributes}), or as text. */
  static ObjectNode jsonObjectOrText(Map<String, AttributeValue> item, String attribute) {
    AttributeValue value = item.get(attribute);
    if (value == null || value.m() == null || !value.hasM()) {
      return jsonObject(item, attribute);
    }
    return (ObjectNode) JsonAttributes.toJson(value, attribute);
  }

  /** The shard a sharded partition key ({@code <value>#<shard>}) names. */
  static int shard(Map<String, AttributeValue> item, String attribute) {
    String key = text(item, attribute);
    try {
      return Integer.parseInt(key.substring(key.lastIndexOf('#') + 1));
    } catch (NumberFormatException e) {
      throw new IllegalStateException("stored attribute " + attribute + " names no shard", e);
    }
  }

  /** Epoch seconds, as DynamoDB's TTL wants them. */
  static void putExpiry(Map<String, AttributeValue> item, Optional<Instant> expiresAt) {
    expiresAt.ifPresent(
        at ->
            item.put(
                TableLayout.EXPIRES_AT, AttributeValue.fromN(Long.toString(at.getEpochSecond()))));
  }

  static Optional<Instant> expiry(Map<String, AttributeValue> item) {
    return Optional.ofNullable(item.get(TableLayout.EXPIRES_AT))
        .map(value -> Instant.ofEpochSecond(Long.parseLong(value.n())));
  }
}

package com.theeye.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.theeye.event.ExactJson;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * JSON as DynamoDB's own types, so the console, PartiQL and the export to S3 see structure: an
 * object is a map (M), an array a list (L), a number a number (N), text a string (S), true/false a
 * BOOL, null a NULL. DynamoDB keeps a number to 38 significant digits between 1E-130 and 9.9E125
 * and nests documents 32 levels deep, and a name, a map's keys included, is at least one character
 * and less than 64 KB ("Supported data types and naming rules", Amazon DynamoDB developer guide,
 * docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html);
 * JSON outside that cannot be a map (DynamoDB refuses the whole item: {@code {"": 1}} would send
 * its event to the dead-letter queue), so {@link #toMap} declines it and the caller keeps it as
 * text.
 */
final class JsonAttributes {

  static final int MAX_DIGITS = 38;
  static final int MIN_EXPONENT = -130;
  static final int MAX_EXPONENT = 125;

  /** Below DynamoDB's 32, counting the item itself as the first level. */
  static final int MAX_DEPTH = 31;

  /** A name must be less than 64 KB, in UTF-8. */
  static final int MAX_NAME_BYTES = 64 * 1024 - 1;

  private static final JsonNodeFactory NODES = ExactJson.MAPPER.getNodeFactory();

  private JsonAttributes() {}

  /** The object as a map, or empty when DynamoDB cannot hold one of its values as itself. */
  static Optional<AttributeValue> toMap(ObjectNode object) {
    return fits(object, 1) ? Optional.of(toAttribute(object)) : Optional.empty();
  }

  private static boolean fits(JsonNode node, int depth) {
    if (node.isContainerNode()) {
      if (depth > MAX_DEPTH) {
        return false;
      }
      for (JsonNode member : node) {
        if (!fits(member, depth + 1)) {
          return false;
        }
      }
      for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
        if (!fitsAsName(names.next())) {
          return false;
        }
      }
      return true;
    }
    return !node.isNumber() || fits(node.decimalValue());
  }

  private static boolean fitsAsName(String name) {
    return !name.isEmpty() && name.getBytes(StandardCharsets.UTF_8).length <= MAX_NAME_BYTES;
  }

  private static boolean fits(BigDecimal number) {
    if (number.signum() == 0) {
      return true;
    }
    // The exponent first, in a long: trailing zeros do not change it, and trimming them from a
    // number far out of range (100E+2147483647) overflows the scale.
    long exponent = (long) number.precision() - number.scale() - 1;
    return exponent >= MIN_EXPONENT
        && exponent <= MAX_EXPONENT
        && number.stripTrailingZeros().precision() <= MAX_DIGITS;
  }

  /** The JSON a value written by {@link #toMap} holds; numbers come back as DynamoDB keeps them. */
  static JsonNode toJson(AttributeValue value, String attribute) {
    return switch (value.type()) {
      case M -> {
        ObjectNode object = NODES.objectNode();
        value.m().forEach((key, member) -> object.set(key, toJson(member, attribute)));
        yield object;
      }
      case L -> {
        ArrayNode array = NODES.arrayNode();
        value.l().forEach(member -> array.add(toJson(member, attribute)));
        yield array;
      }
      case S -> NODES.textNode(value.s());
      case N -> number(new BigDecimal(value.n()));
      case BOOL -> NODES.booleanNode(value.bool());
      case NUL -> NODES.nullNode();
      default ->
          throw new IllegalStateException(
              "stored attribute " + attribute + " holds a " + value.type() + ", not JSON");
    };
  }

  private static AttributeValue toAttribute(JsonNode node) {
    if (node.isObject()) {
      Map<String, AttributeValue> members = new LinkedHashMap<>();
      node.properties()
          .forEach(member -> members.put(member.getKey(), toAttribute(member.getValue())));
      return AttributeValue.fromM(members);
    }
    if (node.isArray()) {
      List<AttributeValue> members = new ArrayList<>(node.size());
      node.forEach(member -> members.add(toAttribute(member)));
      return AttributeValue.fromL(members);
    }
    if (node.isNumber()) {
      // Plain digits: DynamoDB trims leading and trailing zeros itself.
      return AttributeValue.fromN(node.decimalValue().stripTrailingZeros().toPlainString());
    }
    if (node.isBoolean()) {
      return AttributeValue.fromBool(node.booleanValue());
    }
    if (node.isNull()) {
      return AttributeValue.fromNul(true);
    }
    return AttributeValue.fromS(node.asText());
  }

  // Whole numbers as the integer nodes parsing them makes, so 10 reads back as 10, not 1E+1.
  private static JsonNode number(BigDecimal number) {
    BigDecimal normalized = number.stripTrailingZeros();
    if (normalized.scale() > 0) {
      return NODES.numberNode(normalized);
    }
    BigInteger whole = normalized.toBigIntegerExact();
    if (whole.bitLength() < Integer.SIZE) {
      return NODES.numberNode(whole.intValue());
    }
    if (whole.bitLength() < Long.SIZE) {
      return NODES.numberNode(whole.longValue());
    }
    return NODES.numberNode(whole);
  }
}

package com.theeye.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

/**
 * JSON compared as JSON Schema and DynamoDB compare it: numbers by value ({@code 10.50} is {@code
 * 10.5}, {@code 1e2} is {@code 100}), everything else exactly, object members in any order.
 */
final class JsonValues {

  private JsonValues() {}

  /** Where {@code actual} first differs from {@code expected}, or empty when they are the same. */
  static Optional<String> difference(JsonNode expected, JsonNode actual) {
    return difference("$", expected, actual);
  }

  private static Optional<String> difference(String at, JsonNode expected, JsonNode actual) {
    if (expected.isNumber() && actual.isNumber()) {
      return expected.decimalValue().compareTo(actual.decimalValue()) == 0
          ? Optional.empty()
          : differ(at, expected, actual);
    }
    if (expected.getNodeType() != actual.getNodeType()) {
      return differ(at, expected, actual);
    }
    if (expected.isObject()) {
      Set<String> names = new HashSet<>();
      expected.fieldNames().forEachRemaining(names::add);
      Set<String> actualNames = new HashSet<>();
      actual.fieldNames().forEachRemaining(actualNames::add);
      if (!names.equals(actualNames)) {
        return Optional.of(at + ": members " + names + " became " + actualNames);
      }
      for (String name : names) {
        Optional<String> found =
            difference(at + "[" + quote(name) + "]", expected.get(name), actual.get(name));
        if (found.isPresent()) {
          return found;
        }
      }
      return Optional.empty();
    }
    if (expected.isArray()) {
      if (expected.size() != actual.size()) {
        return Optional.of(at + ": " + expected.size() + " elements became " + actual.size());
      }
      Iterator<JsonNode> left = expected.elements();
      Iterator<JsonNode> right = actual.elements();
      for (int i = 0; left.hasNext(); i++) {
        Optional<String> found = difference(at + "[" + i + "]", left.next(), right.next());
        if (found.isPresent()) {
          return found;
        }
      }
      return Optional.empty();
    }
    return expected.equals(actual) ? Optional.empty() : differ(at, expected, actual);
  }

  private static Optional<String> differ(String at, JsonNode expected, JsonNode actual) {
    return Optional.of(at + ": " + abbreviate(expected) + " became " + abbreviate(actual));
  }

  private static String abbreviate(JsonNode node) {
    String text = node.toString();
    return text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }

  private static String quote(String name) {
    return abbreviate(com.fasterxml.jackson.databind.node.TextNode.valueOf(name));
  }
}

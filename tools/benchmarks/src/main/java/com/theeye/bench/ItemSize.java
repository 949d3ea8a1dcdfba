package com.theeye.bench;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An item's size as DynamoDB counts it for capacity units: attribute names and values, in bytes.
 */
final class ItemSize {

  private ItemSize() {}

  static long of(Map<String, AttributeValue> item) {
    long size = 0;
    for (var attribute : item.entrySet()) {
      size += attribute.getKey().getBytes(StandardCharsets.UTF_8).length + of(attribute.getValue());
    }
    return size;
  }

  private static long of(AttributeValue value) {
    return switch (value.type()) {
      case S -> value.s().getBytes(StandardCharsets.UTF_8).length;
      case N -> (value.n().replaceAll("[^0-9]", "").length() + 1) / 2 + 1;
      case BOOL, NUL -> 1;
      case M -> 3 + of(value.m()) + value.m().size();
      case L -> 3 + value.l().stream().mapToLong(ItemSize::of).sum() + value.l().size();
      case SS ->
          value.ss().stream().mapToLong(s -> s.getBytes(StandardCharsets.UTF_8).length).sum();
      default -> 0;
    };
  }
}

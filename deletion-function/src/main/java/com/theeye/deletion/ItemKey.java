package com.theeye.deletion;

import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** One item to delete: its kind (so its table and its count) and its key. */
record ItemKey(ItemKind kind, Map<String, AttributeValue> key) {

  ItemKey {
    Objects.requireNonNull(kind, "kind");
    key = Map.copyOf(key);
    if (key.isEmpty()) {
      throw new IllegalArgumentException("an empty key");
    }
  }
}

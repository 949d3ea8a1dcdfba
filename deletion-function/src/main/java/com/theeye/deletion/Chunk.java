package com.theeye.deletion;

import com.theeye.store.DeletionCounts;
import com.theeye.store.DeletionItems;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The keys one BatchWriteItem deletes, at most {@link #MAX_KEYS}: the unit the job records as
 * pending, and counts, before it deletes them.
 */
record Chunk(List<ItemKey> keys) {

  /** BatchWriteItem's limit: "up to 25 item put or delete operations" (Amazon DynamoDB API). */
  static final int MAX_KEYS = 25;

  Chunk {
    keys = List.copyOf(keys);
    if (keys.isEmpty() || keys.size() > MAX_KEYS) {
      throw new IllegalArgumentException("a chunk holds 1 to 25 keys, not " + keys.size());
    }
  }

  /** How many keys of each kind the chunk holds, for the kinds it holds. */
  Map<ItemKind, Long> countsByKind() {
    Map<ItemKind, Long> counts = new EnumMap<>(ItemKind.class);
    for (ItemKey key : keys) {
      counts.merge(key.kind(), 1L, Long::sum);
    }
    return counts;
  }

  DeletionCounts counts() {
    DeletionCounts counts = DeletionCounts.NONE;
    for (Map.Entry<ItemKind, Long> kind : countsByKind().entrySet()) {
      counts = counts.plus(kind.getKey().counts(kind.getValue()));
    }
    return counts;
  }

  /** The chunk as one slot of {@link DeletionItems#PENDING} holds it. */
  AttributeValue toPending() {
    return AttributeValue.fromL(
        keys.stream()
            .map(
                key ->
                    AttributeValue.fromM(
                        Map.of(
                            DeletionItems.PENDING_TABLE,
                            AttributeValue.fromS(key.kind().wireName()),
                            DeletionItems.PENDING_KEY,
                            AttributeValue.fromM(key.key()))))
            .toList());
  }

  /**
   * @throws IllegalStateException when {@code pending} is not what {@link #toPending} writes
   */
  static Chunk fromPending(AttributeValue pending) {
    if (!pending.hasL()) {
      throw new IllegalStateException("a pending slot is not a list");
    }
    return new Chunk(
        pending.l().stream()
            .map(
                entry -> {
                  AttributeValue kind =
                      entry.hasM() ? entry.m().get(DeletionItems.PENDING_TABLE) : null;
                  AttributeValue key =
                      entry.hasM() ? entry.m().get(DeletionItems.PENDING_KEY) : null;
                  if (kind == null || kind.s() == null || key == null || !key.hasM()) {
                    throw new IllegalStateException("a pending entry without table or key");
                  }
                  return new ItemKey(ItemKind.ofWireName(kind.s()), key.m());
                })
            .toList());
  }
}

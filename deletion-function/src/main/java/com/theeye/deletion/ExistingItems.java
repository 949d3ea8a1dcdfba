package com.theeye.deletion;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * Which of some keys of one table name an item, read consistently (BatchGetItem, at most 100 keys a
 * request, unprocessed keys asked again): a session's deletion learns the people to unmap from its
 * events, and counts only the mappings that are there.
 */
final class ExistingItems {

  /** BatchGetItem's limit: "up to 100 items" (Amazon DynamoDB API Reference). */
  private static final int MAX_KEYS = 100;

  private final DynamoDbClient dynamoDb;
  private final String table;

  ExistingItems(DynamoDbClient dynamoDb, String table) {
    this.dynamoDb = dynamoDb;
    this.table = table;
  }

  /** {@code keys} that name an item, in their order. */
  List<ItemKey> of(List<ItemKey> keys) {
    Set<Map<String, AttributeValue>> found = new HashSet<>();
    for (int from = 0; from < keys.size(); from += MAX_KEYS) {
      List<Map<String, AttributeValue>> batch =
          keys.subList(from, Math.min(keys.size(), from + MAX_KEYS)).stream()
              .map(ItemKey::key)
              .toList();
      Map<String, KeysAndAttributes> request =
          Map.of(table, KeysAndAttributes.builder().keys(batch).consistentRead(true).build());
      Backoff backoff = new Backoff();
      while (true) {
        Map<String, KeysAndAttributes> asked = request;
        BatchGetItemResponse response = dynamoDb.batchGetItem(b -> b.requestItems(asked));
        for (Map<String, AttributeValue> item :
            response.responses().getOrDefault(table, List.of())) {
          found.add(keyOf(item, batch.getFirst().keySet()));
        }
        request = response.unprocessedKeys();
        if (request == null || request.isEmpty()) {
          break;
        }
        backoff.pause();
      }
    }
    List<ItemKey> existing = new ArrayList<>();
    for (ItemKey key : keys) {
      if (found.contains(key.key())) {
        existing.add(key);
      }
    }
    return existing;
  }

  private static Map<String, AttributeValue> keyOf(
      Map<String, AttributeValue> item, Set<String> keyAttributes) {
    Map<String, AttributeValue> key = new HashMap<>();
    for (String attribute : keyAttributes) {
      key.put(attribute, item.get(attribute));
    }
    return Map.copyOf(key);
  }
}

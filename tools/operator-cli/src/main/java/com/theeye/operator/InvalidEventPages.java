package com.theeye.operator;

import com.theeye.event.EventTimestamps;
import com.theeye.store.InvalidEventItems;
import com.theeye.store.StoredInvalidEvent;
import com.theeye.store.TableLayout;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Reads an application's invalid events received in a time window, a page at a time, through the
 * InvalidEvents index {@code by-application}: one Query per index shard, on the sort key range, so
 * a window of any size is never held in memory. Order across shards does not matter to a replay.
 */
final class InvalidEventPages {

  static final int PAGE_SIZE = 100;

  private final DynamoDbClient dynamoDb;
  private final String table;
  private final int indexShards;

  InvalidEventPages(DynamoDbClient dynamoDb, String table, int indexShards) {
    this.dynamoDb = dynamoDb;
    this.table = table;
    this.indexShards = indexShards;
  }

  /** Hands each invalid event of {@code application} received in [from, to) to {@code each}. */
  void forEach(UUID application, Instant from, Instant to, Consumer<StoredInvalidEvent> each) {
    for (int shard = 0; shard < indexShards; shard++) {
      String partition = TableLayout.applicationShard(application.toString(), shard);
      Map<String, AttributeValue> startKey = null;
      do {
        QueryResponse page = dynamoDb.query(request(partition, from, to, startKey));
        page.items().forEach(item -> each.accept(InvalidEventItems.fromItem(item)));
        startKey = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
      } while (startKey != null && !startKey.isEmpty());
    }
  }

  private QueryRequest request(
      String partition, Instant from, Instant to, Map<String, AttributeValue> startKey) {
    // Sort keys are <received_at>#<id>: a bare timestamp sorts before every key that starts with
    // it, so BETWEEN from AND to is exactly [from, to).
    return QueryRequest.builder()
        .tableName(table)
        .indexName(TableLayout.BY_APPLICATION_INDEX)
        .keyConditionExpression("#pk = :pk AND #sk BETWEEN :from AND :to")
        .expressionAttributeNames(
            Map.of("#pk", TableLayout.APPLICATION_SHARD, "#sk", TableLayout.RECEIVED_AT_ID))
        .expressionAttributeValues(
            Map.of(
                ":pk", AttributeValue.fromS(partition),
                ":from", AttributeValue.fromS(EventTimestamps.format(from)),
                ":to", AttributeValue.fromS(EventTimestamps.format(to))))
        .limit(PAGE_SIZE)
        .exclusiveStartKey(startKey)
        .build();
  }
}

package com.theeye.deletion;

import com.theeye.store.InvalidEventItems;
import com.theeye.store.TableLayout;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Deletes an application's invalid events whose stored message matches: it reads the application's
 * whole {@code by-application} index, every shard, since an invalid event is found by nothing else
 * (its id is its key; the person and the session are only inside its message).
 */
final class InvalidEventSweep {

  private final DynamoDbClient dynamoDb;
  private final String table;
  private final int shards;

  InvalidEventSweep(DynamoDbClient dynamoDb, String table, int shards) {
    this.dynamoDb = dynamoDb;
    this.table = table;
    this.shards = shards;
  }

  /**
   * @param matches whether a stored message ({@link InvalidEventItems#EVENT}) is one to delete
   * @return false when the run was cut short
   */
  boolean sweep(UUID application, Predicate<StoredMessage> matches, ChunkPipeline pipeline) {
    for (int shard = 0; shard < shards; shard++) {
      String partition = TableLayout.applicationShard(application.toString(), shard);
      Iterable<QueryResponse> pages =
          dynamoDb.queryPaginator(
              b ->
                  b.tableName(table)
                      .indexName(TableLayout.BY_APPLICATION_INDEX)
                      .keyConditionExpression("#shard = :shard")
                      .projectionExpression("#id, #event")
                      .expressionAttributeNames(
                          Map.of(
                              "#shard", TableLayout.APPLICATION_SHARD,
                              "#id", TableLayout.INVALID_ID,
                              "#event", InvalidEventItems.EVENT))
                      .expressionAttributeValues(
                          Map.of(":shard", AttributeValue.fromS(partition))));
      for (QueryResponse page : pages) {
        if (!pipeline.inTime()) {
          return false;
        }
        for (Map<String, AttributeValue> item : page.items()) {
          AttributeValue message = item.get(InvalidEventItems.EVENT);
          if (message != null
              && message.s() != null
              && matches.test(StoredMessage.of(message.s()))
              && !pipeline.add(
                  List.of(ItemKeys.invalidEvent(item.get(TableLayout.INVALID_ID).s())))) {
            return false;
          }
        }
      }
    }
    return true;
  }
}

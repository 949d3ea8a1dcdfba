package com.theeye.deletion;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Deletes a chunk's keys with one BatchWriteItem, across the tables they are in, and retries what
 * DynamoDB leaves unprocessed with exponential backoff and jitter, as its API reference asks
 * ("BatchWriteItem": "we strongly recommend that you use an exponential backoff algorithm"). A
 * delete of an item that is not there succeeds, so deleting a chunk again is harmless.
 */
final class BatchDeletes {

  private final DynamoDbClient dynamoDb;
  private final DeletionConfig config;

  BatchDeletes(DynamoDbClient dynamoDb, DeletionConfig config) {
    this.dynamoDb = dynamoDb;
    this.config = config;
  }

  /**
   * @return true when every key is deleted; false when the deadline came first, with keys still
   *     unprocessed
   */
  boolean delete(Chunk chunk, Deadline deadline) {
    Map<String, List<WriteRequest>> requests = new HashMap<>();
    for (ItemKey key : chunk.keys()) {
      requests
          .computeIfAbsent(key.kind().table(config), table -> new ArrayList<>())
          .add(
              WriteRequest.builder()
                  .deleteRequest(DeleteRequest.builder().key(key.key()).build())
                  .build());
    }
    Backoff backoff = new Backoff();
    while (true) {
      Map<String, List<WriteRequest>> batch = requests;
      requests = dynamoDb.batchWriteItem(b -> b.requestItems(batch)).unprocessedItems();
      if (requests == null || requests.isEmpty()) {
        return true;
      }
      if (deadline.near()) {
        return false;
      }
      backoff.pause();
    }
  }
}

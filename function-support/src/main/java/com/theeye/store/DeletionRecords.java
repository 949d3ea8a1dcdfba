package com.theeye.store;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads a deletion's record, as the query function answers its status and the deletion function
 * starts its job: the one read both make, strongly consistent, so a status asked for right after
 * the DELETE, or a job run right after its order, sees what was written.
 */
public final class DeletionRecords {

  private DeletionRecords() {}

  /** The deletion with this id in {@code table}; empty when there is none. */
  public static Optional<DeletionRecord> find(
      DynamoDbClient dynamoDb, String table, UUID deletion) {
    Map<String, AttributeValue> item =
        dynamoDb
            .getItem(
                b ->
                    b.tableName(table)
                        .key(DeletionItems.deletionKey(deletion))
                        .consistentRead(true))
            .item();
    return item == null || item.isEmpty()
        ? Optional.empty()
        : Optional.of(DeletionItems.fromItem(item));
  }
}

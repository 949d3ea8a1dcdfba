package com.theeye.query;

import com.theeye.store.DeletionItems;
import com.theeye.store.DeletionRecord;
import com.theeye.store.DeletionRecords;
import com.theeye.store.DeletionSubject;
import com.theeye.store.TableLayout;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The Deletions table as the deletion routes write and read it, every item through {@link
 * DeletionItems}. Each read is strongly consistent: a status asked for right after its DELETE's 202
 * must find the deletion, and a request that joins another must see the one that runs now. SDK
 * failures are thrown; {@link DeletionRequests} answers them 503.
 */
final class DeletionStore {

  private final DynamoDbClient dynamoDb;
  private final String table;

  DeletionStore(DynamoDbClient dynamoDb, String table) {
    this.dynamoDb = dynamoDb;
    this.table = table;
  }

  /**
   * Step 1 of a DELETE: the deletion's record, under a key no item has (its id is new; the
   * condition keeps an existing record from being overwritten all the same).
   */
  void record(DeletionRecord deletion) {
    dynamoDb.putItem(
        b ->
            b.tableName(table)
                .item(DeletionItems.toItem(deletion))
                .conditionExpression("attribute_not_exists(#key)")
                .expressionAttributeNames(Map.of("#key", TableLayout.DELETION_KEY)));
  }

  /**
   * Step 2: makes {@code deletion} the subject's running deletion (for a person, suppressed from
   * {@code since}); false when another deletion of the subject runs.
   */
  boolean start(DeletionSubject subject, UUID deletion, Instant since) {
    try {
      dynamoDb.updateItem(DeletionItems.start(table, subject, deletion, since));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
  }

  /** The deletion of the subject that runs now; empty when none does. */
  Optional<UUID> running(DeletionSubject subject) {
    Map<String, AttributeValue> item =
        dynamoDb
            .getItem(
                b -> b.tableName(table).key(DeletionItems.subjectKey(subject)).consistentRead(true))
            .item();
    return DeletionItems.runningDeletion(item);
  }

  /**
   * Removes a deletion's record that no one was told of and no order names: step 1's, when the
   * request joined another deletion. Its audit would only say the same request twice.
   */
  void forget(UUID deletion) {
    dynamoDb.deleteItem(b -> b.tableName(table).key(DeletionItems.deletionKey(deletion)));
  }

  /** The deletion with this id; empty when there is none. */
  Optional<DeletionRecord> find(UUID deletion) {
    return DeletionRecords.find(dynamoDb, table, deletion);
  }
}

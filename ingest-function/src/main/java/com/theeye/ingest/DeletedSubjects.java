package com.theeye.ingest;

import com.theeye.store.DeletionItems;
import com.theeye.store.DeletionSubject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * Whether a deletion covers a receipt's event that neither events table holds: one eventually
 * consistent BatchGetItem on the Deletions table of the subject items of the event's session and,
 * when the receipt names them, of its user and anonymous id for its application; any item that
 * {@link DeletionItems#covers covers} the event's {@code received_at} says it was deleted. Only the
 * three attributes that decide are read; an absent item (no deletion ever named the subject) costs
 * the same half read unit as a found one ("DynamoDB read and write operations", DynamoDB Developer
 * Guide).
 */
final class DeletedSubjects {

  private static final Map<String, String> DECIDING =
      Map.of(
          "#suppressed", DeletionItems.SUPPRESSED,
          "#requested", DeletionItems.REQUESTED_AT,
          "#lifted", DeletionItems.LIFTED_AT);

  private final DynamoDbClient dynamoDb;
  private final String table;

  DeletedSubjects(DynamoDbClient dynamoDb, String table) {
    this.dynamoDb = dynamoDb;
    this.table = table;
  }

  /**
   * Whether a deletion of the event's session or person covers it.
   *
   * @throws SdkException when the table cannot be read, or when DynamoDB leaves a key unprocessed
   *     (it does so when throttled): BatchGetItem's callers are asked to retry those keys with
   *     exponential backoff (Amazon DynamoDB API Reference, BatchGetItem), and here the client
   *     does, after the 503's Retry-After, rather than the request sleeping
   */
  boolean cover(Receipt receipt) {
    BatchGetItemResponse response =
        dynamoDb.batchGetItem(
            b ->
                b.requestItems(
                    Map.of(
                        table,
                        KeysAndAttributes.builder()
                            .keys(
                                subjects(receipt).stream().map(DeletionItems::subjectKey).toList())
                            .projectionExpression("#suppressed, #requested, #lifted")
                            .expressionAttributeNames(DECIDING)
                            .consistentRead(false)
                            .build())));
    if (response.hasUnprocessedKeys() && !response.unprocessedKeys().isEmpty()) {
      throw SdkException.builder()
          .message("BatchGetItem left Deletions keys unprocessed (throttled)")
          .build();
    }
    List<Map<String, AttributeValue>> items = response.responses().getOrDefault(table, List.of());
    return items.stream().anyMatch(item -> DeletionItems.covers(item, receipt.receivedAt()));
  }

  /** The subjects whose deletion removes the event: its session, and its person when named. */
  private static List<DeletionSubject> subjects(Receipt receipt) {
    List<DeletionSubject> subjects = new ArrayList<>();
    subjects.add(DeletionSubject.session(receipt.session()));
    receipt
        .identity()
        .userId()
        .ifPresent(id -> subjects.add(DeletionSubject.user(receipt.application(), id)));
    receipt
        .identity()
        .anonymousId()
        .ifPresent(id -> subjects.add(DeletionSubject.anonymous(receipt.application(), id)));
    return subjects;
  }
}

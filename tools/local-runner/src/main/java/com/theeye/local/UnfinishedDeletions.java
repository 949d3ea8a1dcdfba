package com.theeye.local;

import com.theeye.store.DeletionItems;
import com.theeye.store.DeletionOrder;
import com.theeye.store.DeletionRecord;
import com.theeye.store.TableLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Orders again, at start, every deletion an earlier run left unfinished. On AWS an order waits on
 * SQS through a crash of the function that had it; locally the queue is ElasticMQ's, in the
 * runner's memory, and a kill -9 loses it with the orders it held, delayed ones included. The
 * records in the Deletions table (on disk in dynalite) say which jobs are not done; their job is
 * idempotent and resumes from what the tables still hold, so ordering one again is always safe.
 */
final class UnfinishedDeletions {

  private UnfinishedDeletions() {}

  /**
   * Sends an order for each deletion not done.
   *
   * @return the deletions ordered again
   */
  static List<UUID> orderAgain(
      DynamoDbClient dynamoDb, String deletionsTable, SqsClient sqs, String deletionsQueueUrl) {
    List<UUID> unfinished = new ArrayList<>();
    // A Scan: the runner's own start-up, never a function's path; the table holds one item per
    // deletion and per subject.
    dynamoDb
        .scanPaginator(
            b ->
                b.tableName(deletionsTable)
                    .consistentRead(true)
                    .filterExpression("begins_with(#key, :deletion) AND #status <> :done")
                    .expressionAttributeNames(
                        Map.of("#key", TableLayout.DELETION_KEY, "#status", DeletionItems.STATUS))
                    .expressionAttributeValues(
                        Map.of(
                            ":deletion",
                            AttributeValue.fromS("deletion#"),
                            ":done",
                            AttributeValue.fromS(DeletionRecord.Status.DONE.wireName()))))
        .items()
        .forEach(item -> unfinished.add(DeletionItems.fromItem(item).id()));
    for (UUID deletion : unfinished) {
      sqs.sendMessage(
          b -> b.queueUrl(deletionsQueueUrl).messageBody(new DeletionOrder(deletion).toMessage()));
    }
    return unfinished;
  }
}

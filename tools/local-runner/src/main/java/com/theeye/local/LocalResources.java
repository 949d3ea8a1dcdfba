package com.theeye.local;

import com.theeye.emulators.Tables;
import com.theeye.store.ApplicationItems;
import com.theeye.store.TableLayout;
import com.theeye.store.TableNames;
import com.theeye.store.TrustedApplication;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Creates locally what template.yaml creates on AWS, from the same definitions: the tables from
 * {@link TableLayout}, the events queue with its dead-letter queue and redrive policy from the
 * template's defaults.
 */
final class LocalResources {

  static final String QUEUE_NAME = "the-eye-events";
  static final String DEAD_LETTER_QUEUE_NAME = "the-eye-events-dlq";
  static final String DELETIONS_QUEUE_NAME = "the-eye-deletions";
  static final String DELETIONS_DEAD_LETTER_QUEUE_NAME = "the-eye-deletions-dlq";

  /**
   * The deletions queue's redrive, as template.yaml sets it: an order that fails five receives
   * waits in its dead-letter queue.
   */
  static final int DELETIONS_MAX_RECEIVE_COUNT = 5;

  /**
   * The deletions queue's visibility timeout locally: the event source keeps an order in hand while
   * its job runs ({@link SqsEventSource#IN_HAND}), so this only spaces the retries of a failed one.
   */
  static final java.time.Duration DELETIONS_VISIBILITY_TIMEOUT = java.time.Duration.ofSeconds(10);

  static final TableNames TABLES = TableNames.withPrefix("the-eye");

  private LocalResources() {}

  /**
   * Creates each table that does not exist yet; tables kept on disk from an earlier run are left as
   * they are.
   */
  static void ensureTables(DynamoDbClient dynamoDb) {
    for (CreateTableRequest table : Tables.all(TABLES)) {
      try {
        dynamoDb.describeTable(b -> b.tableName(table.tableName()));
      } catch (ResourceNotFoundException e) {
        dynamoDb.createTable(table);
      }
    }
  }

  /** Creates the events queues; returns the events queue's URL and ARN. */
  static Queue ensureQueues(SqsClient sqs, LocalSettings.QueueSettings settings) {
    return ensureQueue(
        sqs,
        QUEUE_NAME,
        DEAD_LETTER_QUEUE_NAME,
        settings.visibilityTimeout(),
        settings.maxReceiveCount());
  }

  /** Creates the deletions queues; returns the deletions queue's URL and ARN. */
  static Queue ensureDeletionQueues(SqsClient sqs) {
    return ensureQueue(
        sqs,
        DELETIONS_QUEUE_NAME,
        DELETIONS_DEAD_LETTER_QUEUE_NAME,
        DELETIONS_VISIBILITY_TIMEOUT,
        DELETIONS_MAX_RECEIVE_COUNT);
  }

  private static Queue ensureQueue(
      SqsClient sqs,
      String name,
      String deadLetterName,
      java.time.Duration visibilityTimeout,
      int maxReceiveCount) {
    String deadLetterUrl = sqs.createQueue(b -> b.queueName(deadLetterName)).queueUrl();
    String deadLetterArn = arn(sqs, deadLetterUrl);
    String redrivePolicy =
        "{\"deadLetterTargetArn\":\""
            + deadLetterArn
            + "\",\"maxReceiveCount\":"
            + maxReceiveCount
            + "}";
    String queueUrl =
        sqs.createQueue(
                b ->
                    b.queueName(name)
                        .attributes(
                            Map.of(
                                QueueAttributeName.VISIBILITY_TIMEOUT,
                                Long.toString(visibilityTimeout.toSeconds()),
                                QueueAttributeName.REDRIVE_POLICY,
                                redrivePolicy)))
            .queueUrl();
    return new Queue(queueUrl, arn(sqs, queueUrl), deadLetterUrl);
  }

  /**
   * Registers the application unless it is there already (an operator may have disabled it: that
   * stands).
   */
  static void registerApplication(DynamoDbClient dynamoDb, UUID application) {
    try {
      dynamoDb.putItem(
          b ->
              b.tableName(TABLES.applications())
                  .item(
                      ApplicationItems.toItem(
                          new TrustedApplication(
                              application, "local default", true, java.time.Instant.now())))
                  .conditionExpression("attribute_not_exists(" + TableLayout.APPLICATION_ID + ")"));
    } catch (ConditionalCheckFailedException alreadyRegistered) {
      // kept as it is
    }
  }

  private static String arn(SqsClient sqs, String queueUrl) {
    return sqs.getQueueAttributes(
            b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
        .attributes()
        .get(QueueAttributeName.QUEUE_ARN);
  }

  /** A queue and its dead-letter queue. */
  record Queue(String url, String arn, String deadLetterUrl) {}
}

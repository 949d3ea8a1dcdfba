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

  /** Creates the queues; returns the events queue's URL and ARN. */
  static Queue ensureQueues(SqsClient sqs, LocalSettings.QueueSettings settings) {
    String deadLetterUrl = sqs.createQueue(b -> b.queueName(DEAD_LETTER_QUEUE_NAME)).queueUrl();
    String deadLetterArn = arn(sqs, deadLetterUrl);
    String redrivePolicy =
        "{\"deadLetterTargetArn\":\""
            + deadLetterArn
            + "\",\"maxReceiveCount\":"
            + settings.maxReceiveCount()
            + "}";
    String queueUrl =
        sqs.createQueue(
                b ->
                    b.queueName(QUEUE_NAME)
                        .attributes(
                            Map.of(
                                QueueAttributeName.VISIBILITY_TIMEOUT,
                                Long.toString(settings.visibilityTimeout().toSeconds()),
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

  /** The events queue and its dead-letter queue. */
  record Queue(String url, String arn, String deadLetterUrl) {}
}

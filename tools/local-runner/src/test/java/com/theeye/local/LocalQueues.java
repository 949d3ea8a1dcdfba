package com.theeye.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.theeye.aws.AwsClients;
import com.theeye.emulators.LocalEmulators;
import com.theeye.emulators.QueueDepth;
import com.theeye.event.EventCodec;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * The queues and tables of a runner in its own JVM, reached as operator tools reach them: through
 * the endpoints.json it writes into its data folder.
 */
record LocalQueues(SqsClient sqs, DynamoDbClient dynamoDb, String queueUrl, String deadLetterUrl)
    implements AutoCloseable {

  static LocalQueues of(Path data) throws IOException {
    JsonNode endpoints = PackagedRunner.endpoints(data);
    SqsClient sqs =
        clients(URI.create(endpoints.get("sqs_endpoint").asText())).build(SqsClient.builder());
    DynamoDbClient dynamoDb =
        clients(URI.create(endpoints.get("dynamodb_endpoint").asText())).dynamoDb();
    String deadLetterUrl =
        sqs.getQueueUrl(b -> b.queueName(LocalResources.DEAD_LETTER_QUEUE_NAME)).queueUrl();
    return new LocalQueues(
        sqs, dynamoDb, endpoints.get("events_queue_url").asText(), deadLetterUrl);
  }

  int depth() {
    return QueueDepth.of(sqs, queueUrl);
  }

  int deadLetterDepth() {
    return QueueDepth.of(sqs, deadLetterUrl);
  }

  /**
   * Receives every dead letter, keeping them invisible for a minute. Receiving counts: each
   * message's ApproximateReceiveCount is one more than it was.
   */
  List<Message> receiveDeadLetters() {
    List<Message> messages = new ArrayList<>();
    List<Message> batch;
    do {
      batch =
          sqs.receiveMessage(
                  b ->
                      b.queueUrl(deadLetterUrl)
                          .maxNumberOfMessages(10)
                          .waitTimeSeconds(0)
                          .visibilityTimeout(60)
                          .messageSystemAttributeNames(MessageSystemAttributeName.ALL))
              .messages();
      messages.addAll(batch);
    } while (!batch.isEmpty());
    return messages;
  }

  /** Makes received dead letters visible again, as an operator who only looked would. */
  void release(List<Message> deadLetters) {
    deadLetters.forEach(
        m ->
            sqs.changeMessageVisibility(
                b ->
                    b.queueUrl(deadLetterUrl)
                        .receiptHandle(m.receiptHandle())
                        .visibilityTimeout(0)));
  }

  /** What an operator does once the cause is fixed: each dead letter back on the events queue. */
  void redrive(List<Message> deadLetters) {
    for (Message m : deadLetters) {
      sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(m.body()));
      sqs.deleteMessage(b -> b.queueUrl(deadLetterUrl).receiptHandle(m.receiptHandle()));
    }
  }

  /** The ids of the events a message carries. */
  static List<String> eventIds(Message message) {
    return EventCodec.fromAnyMessage(message.body()).stream()
        .map(decoded -> decoded.event().orElseThrow().id())
        .toList();
  }

  static int receiveCount(Message message) {
    return Integer.parseInt(
        message.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT));
  }

  @Override
  public void close() {
    sqs.close();
    dynamoDb.close();
  }

  private static AwsClients clients(URI endpoint) {
    return AwsClients.forEndpoint(
        endpoint, LocalEmulators.REGION, LocalEmulators.CREDENTIALS, Duration.ofSeconds(5));
  }
}

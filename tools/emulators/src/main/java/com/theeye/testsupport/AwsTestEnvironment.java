package com.theeye.testsupport;

import com.theeye.aws.AwsClients;
import com.theeye.emulators.QueueDepth;
import com.theeye.emulators.Tables;
import com.theeye.event.ExactJson;
import com.theeye.store.ApplicationItems;
import com.theeye.store.TableLayout;
import com.theeye.store.TableNames;
import com.theeye.store.TrustedApplication;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * One test's view of the emulators: shared clients, plus queues and tables under names no other
 * test uses, so tests can run in any order, or at once, without seeing each other's data.
 */
public final class AwsTestEnvironment {

  private static final AtomicLong SEQUENCE = new AtomicLong();

  private final SharedBackend shared;
  private final String prefix;

  AwsTestEnvironment(SharedBackend shared) {
    this.shared = shared;
    this.prefix =
        "t" + SEQUENCE.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  public String description() {
    return shared.backend().description();
  }

  public SqsClient sqs() {
    return shared.sqs();
  }

  public DynamoDbClient dynamoDb() {
    return shared.dynamoDb();
  }

  public URI sqsEndpoint() {
    return shared.backend().sqsEndpoint();
  }

  public URI dynamoDbEndpoint() {
    return shared.backend().dynamoDbEndpoint();
  }

  /** Client settings for code under test that builds its own clients, aimed at {@code endpoint}. */
  public AwsClients clientsFor(URI endpoint) {
    return SharedBackend.clientsFor(endpoint);
  }

  /** Client settings with a short call timeout, for tests of outages that must give up quickly. */
  public AwsClients impatientClientsFor(URI endpoint) {
    return AwsClients.forEndpoint(
        endpoint, EmulatorBackend.REGION, EmulatorBackend.CREDENTIALS, Duration.ofSeconds(2));
  }

  /** A new, empty standard queue; returns its URL. */
  public String createQueue(String purpose) {
    return sqs().createQueue(b -> b.queueName(prefix + "-" + purpose)).queueUrl();
  }

  /** An events queue and the dead-letter queue its redrive policy moves messages to. */
  public record RedrivenQueue(String events, String deadLetters) {}

  /**
   * A new queue that hides a received message for {@code visibility} and moves it to a new
   * dead-letter queue after {@code maxReceiveCount} receives, as template.yaml's EventsQueue does.
   */
  public RedrivenQueue createRedrivenQueue(
      String purpose, Duration visibility, int maxReceiveCount) {
    String deadLetters = createQueue(purpose + "-dead-letters");
    String deadLetterArn =
        sqs()
            .getQueueAttributes(
                b -> b.queueUrl(deadLetters).attributeNames(QueueAttributeName.QUEUE_ARN))
            .attributes()
            .get(QueueAttributeName.QUEUE_ARN);
    String events = createQueue(purpose);
    String redrivePolicy =
        ExactJson.MAPPER
            .createObjectNode()
            .put("deadLetterTargetArn", deadLetterArn)
            .put("maxReceiveCount", maxReceiveCount)
            .toString();
    sqs()
        .setQueueAttributes(
            b ->
                b.queueUrl(events)
                    .attributes(
                        Map.of(
                            QueueAttributeName.VISIBILITY_TIMEOUT,
                            Long.toString(visibility.toSeconds()),
                            QueueAttributeName.REDRIVE_POLICY,
                            redrivePolicy)));
    return new RedrivenQueue(events, deadLetters);
  }

  /** The four tables of a deployment, created from {@link TableLayout} under fresh names. */
  public TableNames createTables() {
    TableNames names = TableNames.withPrefix(prefix);
    for (var request : Tables.all(names)) {
      dynamoDb().createTable(request);
    }
    return names;
  }

  /** Registers an application as an operator would; returns its id. */
  public UUID registerApplication(TableNames tables, String name, boolean enabled) {
    UUID id = UUID.randomUUID();
    putApplication(tables, id, name, enabled);
    return id;
  }

  /** Writes an application row, e.g. to disable one that exists. */
  public void putApplication(TableNames tables, UUID id, String name, boolean enabled) {
    dynamoDb()
        .putItem(
            b ->
                b.tableName(tables.applications())
                    .item(
                        ApplicationItems.toItem(
                            new TrustedApplication(
                                id, name, enabled, Instant.parse("2026-01-01T00:00:00Z")))));
  }

  /**
   * Receives until {@code expected} messages have arrived or {@code timeout} passes, deleting none,
   * so a test sees exactly what is on the queue. Messages stay invisible for a minute afterwards.
   */
  public List<Message> receive(String queueUrl, int expected, Duration timeout) {
    List<Message> received = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (received.size() < expected && System.nanoTime() < deadline) {
      received.addAll(
          sqs()
              .receiveMessage(
                  b ->
                      b.queueUrl(queueUrl)
                          .maxNumberOfMessages(10)
                          .visibilityTimeout(60)
                          .waitTimeSeconds(1)
                          .messageSystemAttributeNames(
                              MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
              .messages());
    }
    return received;
  }

  /** How many messages the queue holds, visible or in flight, as SQS approximates it. */
  public int approximateDepth(String queueUrl) {
    return QueueDepth.of(sqs(), queueUrl);
  }
}

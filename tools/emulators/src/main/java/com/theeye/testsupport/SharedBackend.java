package com.theeye.testsupport;

import com.theeye.aws.AwsClients;
import com.theeye.emulators.LocalEmulators;
import java.time.Duration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The one backend of a test JVM and the clients every test shares with it; closed when the test
 * plan ends.
 */
final class SharedBackend implements AutoCloseable {

  private final EmulatorBackend backend;
  private final SqsClient sqs;
  private final DynamoDbClient dynamoDb;

  private SharedBackend(EmulatorBackend backend) {
    this.backend = backend;
    this.sqs = clientsFor(backend.sqsEndpoint()).build(SqsClient.builder());
    this.dynamoDb = clientsFor(backend.dynamoDbEndpoint()).dynamoDb();
  }

  static SharedBackend start() {
    EmulatorBackend backend =
        AwsEmulators.localStackSelected()
            ? LocalStackBackend.start()
            : EmulatorBackend.of(LocalEmulators.start(Fixtures.repoRoot(), null));
    return new SharedBackend(backend);
  }

  static AwsClients clientsFor(java.net.URI endpoint) {
    return AwsClients.forEndpoint(
        endpoint, EmulatorBackend.REGION, EmulatorBackend.CREDENTIALS, Duration.ofSeconds(10));
  }

  EmulatorBackend backend() {
    return backend;
  }

  SqsClient sqs() {
    return sqs;
  }

  DynamoDbClient dynamoDb() {
    return dynamoDb;
  }

  @Override
  public void close() {
    sqs.close();
    dynamoDb.close();
    backend.close();
  }
}

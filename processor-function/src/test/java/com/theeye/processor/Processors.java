package com.theeye.processor;

import com.theeye.aws.AwsClients;
import com.theeye.emulators.FreePorts;
import com.theeye.emulators.LocalEmulators;
import com.theeye.store.TableNames;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Processors wired as the handler wires them, with the tests' clients and tables. */
final class Processors {

  /**
   * The packaged schemas, read as the function reads them: from the classpath's schemas/ folder.
   */
  static final SchemaRegistry SCHEMAS =
      SchemaRegistry.fromClasspath(Processors.class.getClassLoader());

  /**
   * Where processors built without a queue hand back to: a queue that refuses connections, as an
   * SQS outage does, so what DynamoDB throttles fails its message as it did before the hand-back.
   */
  private static final URI NO_QUEUE = FreePorts.deadEndpoint();

  private static final SqsClient UNREACHABLE_SQS =
      AwsClients.forEndpoint(
              NO_QUEUE, LocalEmulators.REGION, LocalEmulators.CREDENTIALS, Duration.ofSeconds(2))
          .build(SqsClient.builder());

  private Processors() {}

  static ProcessorConfig config(TableNames tables, String queueUrl, Map<String, String> settings) {
    Map<String, String> env = new HashMap<>();
    env.put("AWS_REGION", "us-east-1");
    env.put("EVENTS_TABLE", tables.events());
    env.put("SESSIONS_TABLE", tables.sessions());
    env.put("INVALID_EVENTS_TABLE", tables.invalidEvents());
    env.put("APPLICATIONS_TABLE", tables.applications());
    env.put("IDENTITIES_TABLE", tables.identities());
    env.put("DELETIONS_TABLE", tables.deletions());
    env.put("EVENTS_QUEUE_URL", queueUrl);
    env.putAll(settings);
    return ProcessorConfig.fromEnv(env);
  }

  static ProcessorConfig config(TableNames tables, Map<String, String> settings) {
    return config(tables, NO_QUEUE + "/000000000000/no-queue", settings);
  }

  /** A processor that hands throttled events back to {@code queueUrl}. */
  static BatchProcessor create(
      DynamoDbClient dynamoDb,
      SqsClient sqs,
      String queueUrl,
      TableNames tables,
      Map<String, String> settings) {
    return BatchProcessor.create(config(tables, queueUrl, settings), dynamoDb, sqs, SCHEMAS);
  }

  /** A processor whose hand-backs fail: the queue is unreachable. */
  static BatchProcessor create(
      DynamoDbClient dynamoDb, TableNames tables, Map<String, String> settings) {
    return BatchProcessor.create(config(tables, settings), dynamoDb, UNREACHABLE_SQS, SCHEMAS);
  }

  static BatchProcessor create(DynamoDbClient dynamoDb, TableNames tables) {
    return create(dynamoDb, tables, Map.of());
  }

  /** A processor judging by {@code schemas}, whose hand-backs fail: the queue is unreachable. */
  static BatchProcessor create(DynamoDbClient dynamoDb, TableNames tables, SchemaRegistry schemas) {
    return BatchProcessor.create(config(tables, Map.of()), dynamoDb, UNREACHABLE_SQS, schemas);
  }
}

package com.theeye.processor;

import com.theeye.store.TableNames;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Processors wired as the handler wires them, with the tests' clients and tables. */
final class Processors {

  /**
   * The packaged schemas, read as the function reads them: from the classpath's schemas/ folder.
   */
  static final SchemaRegistry SCHEMAS =
      SchemaRegistry.fromClasspath(Processors.class.getClassLoader());

  private Processors() {}

  static ProcessorConfig config(TableNames tables, Map<String, String> settings) {
    Map<String, String> env = new HashMap<>();
    env.put("AWS_REGION", "us-east-1");
    env.put("EVENTS_TABLE", tables.events());
    env.put("SESSIONS_TABLE", tables.sessions());
    env.put("INVALID_EVENTS_TABLE", tables.invalidEvents());
    env.put("APPLICATIONS_TABLE", tables.applications());
    env.put("IDENTITIES_TABLE", tables.identities());
    env.putAll(settings);
    return ProcessorConfig.fromEnv(env);
  }

  static BatchProcessor create(
      DynamoDbClient dynamoDb, TableNames tables, Map<String, String> settings) {
    return BatchProcessor.create(config(tables, settings), dynamoDb, SCHEMAS);
  }

  static BatchProcessor create(DynamoDbClient dynamoDb, TableNames tables) {
    return create(dynamoDb, tables, Map.of());
  }
}

package com.theeye.store;

import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The keys and indexes of The Eye's tables: the one definition that tests, the local runner and the
 * template checks share, so they cannot drift apart. Attribute names are the stored names.
 *
 * <p>Events: partition {@code session_id}, sort {@code occurred_at_id} ({@code <timestamp>#<id>}),
 * so one session's events come back in the order they happened. Index {@code by-category}:
 * partition {@code category_shard} ({@code <category>#<shard>}); index {@code by-time}: partition
 * {@code time_shard} ({@code all#<shard>}); both sorted by {@code occurred_at_id}. The shard
 * spreads a busy category, or all traffic, over several partitions; queries fan out over every
 * shard and merge by time.
 *
 * <p>InvalidEvents: partition {@code id}, so a redelivered invalid event is stored once; index
 * {@code by-application} with partition {@code application_shard} and sort {@code received_at_id}.
 * Sessions: partition {@code session_id}. Applications: partition {@code application_id}.
 */
public final class TableLayout {

  public static final String APPLICATION_ID = "application_id";
  public static final String APPLICATION_NAME = "name";
  public static final String APPLICATION_ENABLED = "enabled";
  public static final String APPLICATION_CREATED_AT = "created_at";

  public static final String SESSION_ID = "session_id";
  public static final String OCCURRED_AT_ID = "occurred_at_id";
  public static final String CATEGORY_SHARD = "category_shard";
  public static final String TIME_SHARD = "time_shard";
  public static final String BY_CATEGORY_INDEX = "by-category";
  public static final String BY_TIME_INDEX = "by-time";

  public static final String SESSION_OWNER = "application";
  public static final String SESSION_CLAIMED_AT = "claimed_at";

  public static final String INVALID_ID = "id";
  public static final String APPLICATION_SHARD = "application_shard";
  public static final String RECEIVED_AT_ID = "received_at_id";
  public static final String BY_APPLICATION_INDEX = "by-application";

  /**
   * Epoch seconds after which DynamoDB TTL may delete the item (only when retention is configured).
   */
  public static final String EXPIRES_AT = "expires_at";

  private TableLayout() {}

  /** A sort key: {@code <timestamp>#<id>}, unique, ordered by time (timestamps are fixed width). */
  public static String sortKey(String formattedTimestamp, String id) {
    return formattedTimestamp + "#" + id;
  }

  /** The {@code by-category} partition of {@code category}'s events in {@code shard}. */
  public static String categoryShard(String category, int shard) {
    return category + "#" + shard;
  }

  /** The {@code by-time} partition of {@code shard}. */
  public static String timeShard(int shard) {
    return "all#" + shard;
  }

  /** The {@code by-application} partition of an application's invalid events in {@code shard}. */
  public static String applicationShard(String application, int shard) {
    return application + "#" + shard;
  }

  public static CreateTableRequest applications(String tableName) {
    return CreateTableRequest.builder()
        .tableName(tableName)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(string(APPLICATION_ID))
        .keySchema(hash(APPLICATION_ID))
        .build();
  }

  public static CreateTableRequest events(String tableName) {
    return CreateTableRequest.builder()
        .tableName(tableName)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(
            string(SESSION_ID), string(OCCURRED_AT_ID), string(CATEGORY_SHARD), string(TIME_SHARD))
        .keySchema(hash(SESSION_ID), range(OCCURRED_AT_ID))
        .globalSecondaryIndexes(
            index(BY_CATEGORY_INDEX, CATEGORY_SHARD, OCCURRED_AT_ID),
            index(BY_TIME_INDEX, TIME_SHARD, OCCURRED_AT_ID))
        .build();
  }

  public static CreateTableRequest sessions(String tableName) {
    return CreateTableRequest.builder()
        .tableName(tableName)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(string(SESSION_ID))
        .keySchema(hash(SESSION_ID))
        .build();
  }

  public static CreateTableRequest invalidEvents(String tableName) {
    return CreateTableRequest.builder()
        .tableName(tableName)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(string(INVALID_ID), string(APPLICATION_SHARD), string(RECEIVED_AT_ID))
        .keySchema(hash(INVALID_ID))
        .globalSecondaryIndexes(index(BY_APPLICATION_INDEX, APPLICATION_SHARD, RECEIVED_AT_ID))
        .build();
  }

  /** Every table of a deployment, in creation order. */
  public static List<CreateTableRequest> all(TableNames names) {
    return List.of(
        applications(names.applications()),
        events(names.events()),
        sessions(names.sessions()),
        invalidEvents(names.invalidEvents()));
  }

  private static AttributeDefinition string(String name) {
    return AttributeDefinition.builder()
        .attributeName(name)
        .attributeType(ScalarAttributeType.S)
        .build();
  }

  private static KeySchemaElement hash(String name) {
    return KeySchemaElement.builder().attributeName(name).keyType(KeyType.HASH).build();
  }

  private static KeySchemaElement range(String name) {
    return KeySchemaElement.builder().attributeName(name).keyType(KeyType.RANGE).build();
  }

  private static GlobalSecondaryIndex index(String name, String partitionKey, String sortKey) {
    return GlobalSecondaryIndex.builder()
        .indexName(name)
        .keySchema(hash(partitionKey), range(sortKey))
        .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
        .build();
  }
}

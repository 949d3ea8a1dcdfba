package com.theeye.emulators;

import com.theeye.store.TableLayout;
import com.theeye.store.TableNames;
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
 * Creates The Eye's tables, as {@link TableLayout} defines them, on an emulator: for tests, the
 * local runner and the benchmarks. On AWS, template.yaml creates them, and the template checks hold
 * it to the same requests. Never part of a function's jar.
 */
public final class Tables {

  private Tables() {}

  public static CreateTableRequest applications(String tableName) {
    return CreateTableRequest.builder()
        .tableName(tableName)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(string(TableLayout.APPLICATION_ID))
        .keySchema(hash(TableLayout.APPLICATION_ID))
        .build();
  }

  public static CreateTableRequest events(String tableName) {
    return CreateTableRequest.builder()
        .tableName(tableName)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(
            string(TableLayout.SESSION_ID),
            string(TableLayout.OCCURRED_AT_ID),
            string(TableLayout.CATEGORY_SHARD))
        .keySchema(hash(TableLayout.SESSION_ID), range(TableLayout.OCCURRED_AT_ID))
        .globalSecondaryIndexes(
            index(
                TableLayout.BY_CATEGORY_INDEX,
                TableLayout.CATEGORY_SHARD,
                TableLayout.OCCURRED_AT_ID))
        .build();
  }

  public static CreateTableRequest sessions(String tableName) {
    return CreateTableRequest.builder()
        .tableName(tableName)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(string(TableLayout.SESSION_ID))
        .keySchema(hash(TableLayout.SESSION_ID))
        .build();
  }

  public static CreateTableRequest invalidEvents(String tableName) {
    return CreateTableRequest.builder()
        .tableName(tableName)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(
            string(TableLayout.INVALID_ID),
            string(TableLayout.APPLICATION_SHARD),
            string(TableLayout.RECEIVED_AT_ID))
        .keySchema(hash(TableLayout.INVALID_ID))
        .globalSecondaryIndexes(
            index(
                TableLayout.BY_APPLICATION_INDEX,
                TableLayout.APPLICATION_SHARD,
                TableLayout.RECEIVED_AT_ID))
        .build();
  }

  public static CreateTableRequest identities(String tableName) {
    return CreateTableRequest.builder()
        .tableName(tableName)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(string(TableLayout.IDENTITY), string(TableLayout.APPLICATION_SESSION))
        .keySchema(hash(TableLayout.IDENTITY), range(TableLayout.APPLICATION_SESSION))
        .build();
  }

  public static CreateTableRequest deletions(String tableName) {
    return CreateTableRequest.builder()
        .tableName(tableName)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(string(TableLayout.DELETION_KEY))
        .keySchema(hash(TableLayout.DELETION_KEY))
        .build();
  }

  /** Every table of a deployment, in creation order. */
  public static List<CreateTableRequest> all(TableNames names) {
    return List.of(
        applications(names.applications()),
        events(names.events()),
        sessions(names.sessions()),
        invalidEvents(names.invalidEvents()),
        identities(names.identities()),
        deletions(names.deletions()));
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

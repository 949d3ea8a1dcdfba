package com.theeye.processor;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;

/**
 * A DynamoDB client for SnapStart priming: reads go to the real tables, puts are answered as
 * DynamoDB answers a put whose condition holds, without writing. Only the calls the processor makes
 * are implemented; every other is refused by the SDK interface's default ({@link
 * UnsupportedOperationException}), so a write added to the path later fails priming loudly instead
 * of reaching a table.
 */
final class DryRunDynamoDb implements DynamoDbClient {

  private final DynamoDbClient tables;

  /**
   * @param tables the live client, which reads; it stays the live processor's to close
   */
  DryRunDynamoDb(DynamoDbClient tables) {
    this.tables = tables;
  }

  @Override
  public GetItemResponse getItem(GetItemRequest request) {
    return tables.getItem(request);
  }

  @Override
  public PutItemResponse putItem(PutItemRequest request) {
    return PutItemResponse.builder().build();
  }

  @Override
  public String serviceName() {
    return SERVICE_NAME;
  }

  @Override
  public void close() {
    // The live client is not this one's to close.
  }
}

package com.theeye.calls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ListTablesRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;

class RequestTargetsTest {

  private static final Map<String, AttributeValue> KEY = Map.of("id", AttributeValue.fromS("1"));

  @Test
  void aQueryNamesItsTableAndIndex() {
    assertEquals(
        List.of(Map.of("TableName", "t-events", "IndexName", "by-category")),
        RequestTargets.of(
            QueryRequest.builder().tableName("t-events").indexName("by-category").build()));
  }

  @Test
  void aBatchWriteNamesEachOfItsTables() {
    WriteRequest put =
        WriteRequest.builder().putRequest(PutRequest.builder().item(KEY).build()).build();
    List<Map<String, String>> targets =
        RequestTargets.of(
            BatchWriteItemRequest.builder()
                .requestItems(Map.of("t-events", List.of(put), "t-sessions", List.of(put)))
                .build());

    assertEquals(2, targets.size());
    assertEquals(
        java.util.Set.of(Map.of("TableName", "t-events"), Map.of("TableName", "t-sessions")),
        java.util.Set.copyOf(targets));
  }

  @Test
  void eachItemOfATransactionNamesItsTableAndWhatItDoes() {
    assertEquals(
        List.of(
            Map.of("TableName", "t-events", "TransactPart", "Put"),
            Map.of("TableName", "t-invalid-events", "TransactPart", "Update"),
            Map.of("TableName", "t-sessions", "TransactPart", "ConditionCheck")),
        RequestTargets.of(
            TransactWriteItemsRequest.builder()
                .transactItems(
                    TransactWriteItem.builder().put(p -> p.tableName("t-events").item(KEY)).build(),
                    TransactWriteItem.builder()
                        .update(
                            u ->
                                u.tableName("t-invalid-events")
                                    .key(KEY)
                                    .updateExpression("SET a = :a"))
                        .build(),
                    TransactWriteItem.builder()
                        .conditionCheck(
                            c ->
                                c.tableName("t-sessions")
                                    .key(KEY)
                                    .conditionExpression("attribute_exists(id)"))
                        .build())
                .build()));
  }

  @Test
  void anSqsBatchNamesItsQueue() {
    assertEquals(
        List.of(Map.of("QueueUrl", "http://localhost/1/q")),
        RequestTargets.of(
            SendMessageBatchRequest.builder().queueUrl("http://localhost/1/q").build()));
  }

  @Test
  void aRequestThatNamesNoResourceHasNoTargets() {
    assertEquals(List.of(), RequestTargets.of(ListTablesRequest.builder().build()));
  }
}

package com.theeye.permissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.theeye.calls.RecordedCall;
import com.theeye.store.TableNames;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallResolverTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TableNames TABLES = TableNames.withPrefix("t7-1a2b3c4d");

  private final DeployedNames names =
      new DeployedNames(
          json(
              """
              {"Resources": {
                 "EventsTable": {"Type": "AWS::DynamoDB::Table"},
                 "InvalidEventsTable": {"Type": "AWS::DynamoDB::Table"},
                 "EventsQueue": {"Type": "AWS::SQS::Queue"},
                 "CursorSigningSecret": {"Type": "AWS::SecretsManager::Secret"}}}
              """));
  private final CallResolver resolver = new CallResolver(names);
  private final DeployedFunction function =
      new DeployedFunction(
          "processor",
          "ProcessorFunction",
          "com.theeye.processor",
          Map.of(
              "EVENTS_TABLE", json("{\"Ref\": \"EventsTable\"}"),
              "INVALID_EVENTS_TABLE", json("{\"Ref\": \"InvalidEventsTable\"}"),
              "EVENTS_QUEUE_URL", json("{\"Ref\": \"EventsQueue\"}"),
              "CURSOR_SECRET_ARN", json("{\"Ref\": \"CursorSigningSecret\"}")),
          new RolePermissions("ProcessorFunctionRole", List.of()));
  private final DeployedFunction reader =
      new DeployedFunction(
          "query",
          "QueryFunction",
          "com.theeye.query",
          Map.of(
              "EVENTS_STREAM_ARN",
              json("{\"Fn::GetAtt\": [\"EventsTable\", \"StreamArn\"]}"),
              "INVALID_EVENTS_STREAM_ARN",
              json("{\"Fn::GetAtt\": [\"InvalidEventsTable\", \"StreamArn\"]}")),
          new RolePermissions("QueryFunctionRole", List.of()));

  @Test
  void aTableNameIsTheTableBehindTheVariableOfItsTableNamesComponent() {
    List<Need> needs =
        resolver.needs(
            function, call("DynamoDb", "UpdateItem", Map.of("TableName", TABLES.invalidEvents())));

    assertEquals(
        List.of(
            new Need(
                "dynamodb:UpdateItem",
                names.getAtt("InvalidEventsTable", "Arn"),
                "InvalidEventsTable",
                TABLES.invalidEvents())),
        needs);
  }

  @Test
  void theLongestTableNamesSuffixDecides() {
    assertEquals("invalidEvents", CallResolver.component(TABLES.invalidEvents()));
    assertEquals("events", CallResolver.component(TABLES.events()));
    assertEquals("events", CallResolver.component("the-eye-events"));
  }

  @Test
  void aQueryOnAnIndexNeedsTheIndexArn() {
    Need need =
        resolver
            .needs(
                function,
                call(
                    "DynamoDb",
                    "Query",
                    Map.of("TableName", TABLES.events(), "IndexName", "by-category")))
            .getFirst();

    assertEquals(names.getAtt("EventsTable", "Arn") + "/index/by-category", need.resource());
    assertEquals("EventsTable/index/by-category", need.label());
  }

  @Test
  void eachItemOfATransactionNeedsTheActionOfWhatItDoes() {
    List<Need> needs =
        resolver.needs(
            function,
            call(
                "DynamoDb",
                "TransactWriteItems",
                Map.of("TableName", TABLES.events(), "TransactPart", "Put"),
                Map.of("TableName", TABLES.invalidEvents(), "TransactPart", "Update"),
                Map.of("TableName", TABLES.invalidEvents(), "TransactPart", "ConditionCheck")));

    assertEquals(
        List.of("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:ConditionCheckItem"),
        needs.stream().map(Need::action).toList());
    assertEquals(
        List.of("EventsTable", "InvalidEventsTable", "InvalidEventsTable"),
        needs.stream().map(Need::label).toList());
  }

  @Test
  void anSqsBatchNeedsTheSingleMessageActionOnTheFunctionsQueue() {
    Need need =
        resolver
            .needs(
                function,
                call(
                    "Sqs",
                    "SendMessageBatch",
                    Map.of("QueueUrl", "http://127.0.0.1:9324/000000000000/t7-events")))
            .getFirst();

    assertEquals("sqs:SendMessage", need.action());
    assertEquals(names.getAtt("EventsQueue", "Arn"), need.resource());
    assertEquals("EventsQueue", need.label());
  }

  @Test
  void aSecretIsTheOneItsArnVariableNames() {
    Need need =
        resolver
            .needs(
                function,
                call(
                    "SecretsManager",
                    "GetSecretValue",
                    Map.of("SecretId", "arn:aws:secretsmanager:x")))
            .getFirst();

    assertEquals("secretsmanager:GetSecretValue", need.action());
    assertEquals(names.ref("CursorSigningSecret"), need.resource());
  }

  @Test
  void aStreamIsTheOneItsTablesStreamVariableNames() {
    String arn =
        "arn:aws:dynamodb:us-east-1:000000000000:table/" + TABLES.invalidEvents() + "/stream/1";

    List<Need> needs =
        resolver.needs(reader, call("DynamoDbStreams", "DescribeStream", Map.of("StreamArn", arn)));

    assertEquals(
        List.of(
            new Need(
                "dynamodb:DescribeStream",
                names.getAtt("InvalidEventsTable", "StreamArn"),
                "InvalidEventsTable",
                arn)),
        needs);
  }

  @Test
  void getRecordsNamesNoStreamSoItNeedsEveryStreamTheFunctionIsGiven() {
    List<Need> needs = resolver.needs(reader, call("DynamoDbStreams", "GetRecords"));

    assertEquals(
        List.of(
            names.getAtt("EventsTable", "StreamArn"),
            names.getAtt("InvalidEventsTable", "StreamArn")),
        needs.stream().map(Need::resource).sorted().toList());
  }

  @Test
  void aTableTheFunctionIsNotGivenIsNamedWithTheMissingVariable() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                resolver.needs(
                    function, call("DynamoDb", "GetItem", Map.of("TableName", TABLES.sessions()))));

    assertTrue(e.getMessage().contains("SESSIONS_TABLE"), e.getMessage());
  }

  @Test
  void aTableNameTableNamesDidNotMakeCannotBeFollowed() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                resolver.needs(
                    function, call("DynamoDb", "GetItem", Map.of("TableName", "orders"))));

    assertTrue(e.getMessage().contains("orders"), e.getMessage());
  }

  @Test
  void aServiceTheCheckDoesNotMapIsNamed() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> resolver.needs(function, call("S3", "PutObject")));

    assertTrue(e.getMessage().contains("S3"), e.getMessage());
  }

  @SafeVarargs
  private static RecordedCall call(
      String service, String operation, Map<String, String>... targets) {
    return new RecordedCall(
        service, operation, List.of(targets), List.of("com.theeye.processor.EventStore.put"), "");
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(text, e);
    }
  }
}

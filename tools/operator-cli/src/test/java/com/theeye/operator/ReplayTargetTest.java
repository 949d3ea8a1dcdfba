package com.theeye.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;

class ReplayTargetTest {

  private static final String QUEUE =
      "https://sqs.eu-west-1.amazonaws.com/123456789012/the-eye-EventsQueue-AbC";

  @Test
  void readsTheTablesQueueAndShardsFromTheStacksOutputsAndParameters() {
    Stack stack =
        stack(
            Parameter.builder().parameterKey("IndexShards").parameterValue("16").build(),
            output("EventsQueueUrl", QUEUE),
            output("ApplicationsTableName", "the-eye-ApplicationsTable-1"),
            output("InvalidEventsTableName", "the-eye-InvalidEventsTable-2"),
            output("EventsApiUrl", "https://example.invalid/api/v1/events/"));

    assertEquals(
        new ReplayTarget(
            Optional.empty(),
            Optional.empty(),
            "the-eye-ApplicationsTable-1",
            "the-eye-InvalidEventsTable-2",
            QUEUE,
            16),
        ReplayTarget.fromStack(stack));
  }

  @Test
  void aStackWithoutTheOutputsIsNamedWithTheMissingOne() {
    Stack stack = stack(null, output("EventsQueueUrl", QUEUE));
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> ReplayTarget.fromStack(stack));
    assertEquals(
        "stack other has no output ApplicationsTableName: is it The Eye's stack?", e.getMessage());
  }

  @Test
  void readsWhatARunningMakeRunRecorded(@TempDir Path data) throws Exception {
    Files.writeString(
        data.resolve("endpoints.json"),
        """
        {"api": "http://127.0.0.1:8000", "sqs_endpoint": "http://127.0.0.1:1001", "dynamodb_endpoint": "http://127.0.0.1:1002",
         "events_queue_url": "http://127.0.0.1:1001/000000000000/the-eye-events",
         "applications_table": "the-eye-applications", "invalid_events_table": "the-eye-invalid-events",
         "index_shards": 8}""");

    ReplayTarget target = ReplayTarget.fromLocalRun(data);

    assertEquals(Optional.of(URI.create("http://127.0.0.1:1001")), target.sqsEndpoint());
    assertEquals(Optional.of(URI.create("http://127.0.0.1:1002")), target.dynamoDbEndpoint());
    assertEquals("the-eye-invalid-events", target.invalidEventsTable());
    assertEquals(8, target.indexShards());
  }

  @Test
  void withoutARunningMakeRunSaysWhatToDo(@TempDir Path data) {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> ReplayTarget.fromLocalRun(data));
    assertTrue(e.getMessage().contains("start it, or pass --stack NAME"), e::getMessage);
  }

  private static Stack stack(Parameter shards, Output... outputs) {
    Stack.Builder stack =
        Stack.builder().stackName(shards == null ? "other" : "the-eye").outputs(outputs);
    return (shards == null ? stack : stack.parameters(shards)).build();
  }

  private static Output output(String key, String value) {
    return Output.builder().outputKey(key).outputValue(value).build();
  }
}

package com.theeye.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.theeye.event.ExactJson;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;

/**
 * Where a replay reads and sends: a deployment's tables, events queue and index shard count. Read
 * from a running {@code make run}'s {@code endpoints.json} or from a stack's outputs.
 *
 * @param sqsEndpoint an emulator's address, or empty for AWS
 * @param dynamoDbEndpoint an emulator's address, or empty for AWS
 * @param indexShards the processor's {@code INDEX_SHARDS}: the {@code by-application} partitions to
 *     read
 */
public record ReplayTarget(
    Optional<URI> sqsEndpoint,
    Optional<URI> dynamoDbEndpoint,
    String applicationsTable,
    String invalidEventsTable,
    String eventsQueueUrl,
    int indexShards) {

  /** The file {@code make run} writes into its data folder, and removes when it stops. */
  public static final String LOCAL_FILE = "endpoints.json";

  /** Its fields, as {@code com.theeye.local.LocalEye} writes them. */
  public static final String SQS_ENDPOINT = "sqs_endpoint";

  public static final String DYNAMODB_ENDPOINT = "dynamodb_endpoint";
  public static final String APPLICATIONS_TABLE = "applications_table";
  public static final String INVALID_EVENTS_TABLE = "invalid_events_table";
  public static final String EVENTS_QUEUE_URL = "events_queue_url";
  public static final String INDEX_SHARDS = "index_shards";

  /** The template's outputs and parameter a replay needs. */
  static final String APPLICATIONS_TABLE_OUTPUT = "ApplicationsTableName";

  static final String INVALID_EVENTS_TABLE_OUTPUT = "InvalidEventsTableName";
  static final String EVENTS_QUEUE_URL_OUTPUT = "EventsQueueUrl";
  static final String INDEX_SHARDS_PARAMETER = "IndexShards";

  public ReplayTarget {
    Objects.requireNonNull(sqsEndpoint, "sqsEndpoint");
    Objects.requireNonNull(dynamoDbEndpoint, "dynamoDbEndpoint");
    Objects.requireNonNull(applicationsTable, "applicationsTable");
    Objects.requireNonNull(invalidEventsTable, "invalidEventsTable");
    Objects.requireNonNull(eventsQueueUrl, "eventsQueueUrl");
    if (indexShards < 1) {
      throw new IllegalArgumentException("indexShards must be at least 1: " + indexShards);
    }
  }

  /**
   * What a running {@code make run} recorded in {@code dataDirectory}.
   *
   * @throws IllegalStateException saying what to do when there is no such file or it is unreadable
   */
  public static ReplayTarget fromLocalRun(Path dataDirectory) {
    Path file = dataDirectory.resolve(LOCAL_FILE);
    JsonNode json;
    try {
      json = ExactJson.MAPPER.readTree(Files.readString(file));
    } catch (NoSuchFileException e) {
      throw new IllegalStateException(
          "no running `make run` found ("
              + file
              + " does not exist): start it, or pass --stack NAME for a deployed stack");
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return new ReplayTarget(
        Optional.of(URI.create(field(json, SQS_ENDPOINT, file))),
        Optional.of(URI.create(field(json, DYNAMODB_ENDPOINT, file))),
        field(json, APPLICATIONS_TABLE, file),
        field(json, INVALID_EVENTS_TABLE, file),
        field(json, EVENTS_QUEUE_URL, file),
        Integer.parseInt(field(json, INDEX_SHARDS, file)));
  }

  /**
   * What a deployed stack's outputs name, and its {@code IndexShards} parameter (DescribeStacks
   * lists every parameter with its value, defaults included).
   *
   * @throws IllegalStateException naming the output the stack lacks
   */
  public static ReplayTarget fromStack(Stack stack) {
    Map<String, String> outputs =
        stack.outputs().stream()
            .collect(Collectors.toMap(Output::outputKey, Output::outputValue, (a, b) -> a));
    Map<String, String> parameters =
        stack.parameters().stream()
            .collect(
                Collectors.toMap(Parameter::parameterKey, Parameter::parameterValue, (a, b) -> a));
    String shards = parameters.getOrDefault(INDEX_SHARDS_PARAMETER, "8");
    return new ReplayTarget(
        Optional.empty(),
        Optional.empty(),
        output(outputs, APPLICATIONS_TABLE_OUTPUT, stack),
        output(outputs, INVALID_EVENTS_TABLE_OUTPUT, stack),
        output(outputs, EVENTS_QUEUE_URL_OUTPUT, stack),
        Integer.parseInt(shards));
  }

  private static String field(JsonNode json, String name, Path file) {
    JsonNode value = json.get(name);
    if (value == null || value.isNull() || value.asText().isBlank()) {
      throw new IllegalStateException(file + " lacks " + name + ": restart `make run`");
    }
    return value.asText();
  }

  private static String output(Map<String, String> outputs, String name, Stack stack) {
    String value = outputs.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          "stack " + stack.stackName() + " has no output " + name + ": is it The Eye's stack?");
    }
    return value;
  }
}

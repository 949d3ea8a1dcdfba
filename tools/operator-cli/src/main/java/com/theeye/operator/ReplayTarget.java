package com.theeye.operator;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
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
  public static final String LOCAL_FILE = LocalRun.FILE;

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
    return of(LocalRun.read(dataDirectory));
  }

  /** What a running {@code make run} replays into. */
  public static ReplayTarget of(LocalRun run) {
    return new ReplayTarget(
        Optional.of(run.sqsEndpoint()),
        Optional.of(run.dynamoDbEndpoint()),
        run.applicationsTable(),
        run.invalidEventsTable(),
        run.eventsQueueUrl(),
        run.indexShards());
  }

  /**
   * What a deployed stack's outputs name, and its {@code IndexShards} parameter (DescribeStacks
   * lists every parameter with its value, defaults included).
   *
   * @throws IllegalStateException naming the output the stack lacks
   */
  public static ReplayTarget fromStack(Stack stack) {
    return fromStack(DeployedStack.of(stack));
  }

  static ReplayTarget fromStack(DeployedStack stack) {
    return new ReplayTarget(
        Optional.empty(),
        Optional.empty(),
        stack.output(APPLICATIONS_TABLE_OUTPUT),
        stack.output(INVALID_EVENTS_TABLE_OUTPUT),
        stack.output(EVENTS_QUEUE_URL_OUTPUT),
        Integer.parseInt(stack.parameter(INDEX_SHARDS_PARAMETER, "8")));
  }
}

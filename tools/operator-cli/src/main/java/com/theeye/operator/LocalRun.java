package com.theeye.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.theeye.aws.AwsClients;
import com.theeye.event.ExactJson;
import com.theeye.store.TableNames;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * What a running {@code make run} recorded in {@code <data folder>/endpoints.json}: its API, its
 * emulators and the names of its tables and queue, so every operator tool finds the local stack
 * without settings. The writer is the local runner's {@code EndpointsFile}; {@code LocalEyeTest}
 * and {@code OperatorToolsFindTheRunnerTest} hold the two to the same fields.
 *
 * @param api the local API's base URL, e.g. {@code http://127.0.0.1:8000}
 * @param sqsEndpoint ElasticMQ's address
 * @param dynamoDbEndpoint dynalite's address
 * @param indexShards the processor's {@code INDEX_SHARDS}
 * @param deletionsTable the Deletions table ({@code make applications lift-suppression}): its
 *     {@code deletions_table} field; a runner that does not write one names its tables as {@link
 *     TableNames#withPrefix} does, so it is the applications table's prefix with {@code -deletions}
 */
public record LocalRun(
    URI api,
    URI sqsEndpoint,
    URI dynamoDbEndpoint,
    String applicationsTable,
    String invalidEventsTable,
    String eventsQueueUrl,
    int indexShards,
    Optional<String> deletionsTable) {

  /** The file {@code make run} writes into its data folder once it is up, and removes at stop. */
  public static final String FILE = "endpoints.json";

  /** The data folder {@code make run} uses when {@code EYE_DATA_DIR} is not set. */
  public static final String DEFAULT_DATA_DIR = ".local-data";

  /** Its fields, as {@code EndpointsFile} writes them. */
  public static final String API = "api";

  public static final String SQS_ENDPOINT = "sqs_endpoint";
  public static final String DYNAMODB_ENDPOINT = "dynamodb_endpoint";
  public static final String APPLICATIONS_TABLE = "applications_table";
  public static final String INVALID_EVENTS_TABLE = "invalid_events_table";
  public static final String EVENTS_QUEUE_URL = "events_queue_url";
  public static final String INDEX_SHARDS = "index_shards";
  public static final String DELETIONS_TABLE = "deletions_table";

  /** How {@link TableNames#withPrefix} ends the applications table's name. */
  private static final String APPLICATIONS_SUFFIX = "-applications";

  /** The emulators accept any signature; the SDK still signs with something. */
  private static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));

  private static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(30);

  public LocalRun {
    Objects.requireNonNull(api, "api");
    Objects.requireNonNull(sqsEndpoint, "sqsEndpoint");
    Objects.requireNonNull(dynamoDbEndpoint, "dynamoDbEndpoint");
    Objects.requireNonNull(applicationsTable, "applicationsTable");
    Objects.requireNonNull(invalidEventsTable, "invalidEventsTable");
    Objects.requireNonNull(eventsQueueUrl, "eventsQueueUrl");
    Objects.requireNonNull(deletionsTable, "deletionsTable");
    if (indexShards < 1) {
      throw new IllegalArgumentException("indexShards must be at least 1: " + indexShards);
    }
  }

  /** The data folder {@code make run} uses with this environment: EYE_DATA_DIR, as it reads it. */
  public static Path dataDirectory(Map<String, String> env) {
    return Path.of(env.getOrDefault("EYE_DATA_DIR", DEFAULT_DATA_DIR)).toAbsolutePath();
  }

  /**
   * What the runner using this environment's data folder recorded.
   *
   * @throws IllegalStateException saying what to do when no runner is found
   */
  public static LocalRun find(Map<String, String> env) {
    return read(dataDirectory(env));
  }

  /**
   * What a running {@code make run} recorded in {@code dataDirectory}.
   *
   * @throws IllegalStateException saying what to do when there is no such file or it is unreadable
   */
  public static LocalRun read(Path dataDirectory) {
    Path file = dataDirectory.resolve(FILE);
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
    URI api = URI.create(field(json, API, file));
    URI sqs = URI.create(field(json, SQS_ENDPOINT, file));
    URI dynamoDb = URI.create(field(json, DYNAMODB_ENDPOINT, file));
    String applicationsTable = field(json, APPLICATIONS_TABLE, file);
    return new LocalRun(
        api,
        sqs,
        dynamoDb,
        applicationsTable,
        field(json, INVALID_EVENTS_TABLE, file),
        field(json, EVENTS_QUEUE_URL, file),
        Integer.parseInt(field(json, INDEX_SHARDS, file)),
        Optional.ofNullable(json.get(DELETIONS_TABLE))
            .filter(value -> !value.isNull() && !value.asText().isBlank())
            .map(JsonNode::asText)
            .or(() -> deletionsTableBeside(applicationsTable)));
  }

  private static Optional<String> deletionsTableBeside(String applicationsTable) {
    if (!applicationsTable.endsWith(APPLICATIONS_SUFFIX)) {
      return Optional.empty();
    }
    String prefix =
        applicationsTable.substring(0, applicationsTable.length() - APPLICATIONS_SUFFIX.length());
    return Optional.of(TableNames.withPrefix(prefix).deletions());
  }

  /** SDK settings for one of the runner's emulators. */
  public static AwsClients clients(URI emulator) {
    return AwsClients.forEndpoint(emulator, Region.US_EAST_1, CREDENTIALS, API_CALL_TIMEOUT);
  }

  private static String field(JsonNode json, String name, Path file) {
    JsonNode value = json.get(name);
    if (value == null || value.isNull() || value.asText().isBlank()) {
      throw new IllegalStateException(file + " lacks " + name + ": restart `make run`");
    }
    return value.asText();
  }
}

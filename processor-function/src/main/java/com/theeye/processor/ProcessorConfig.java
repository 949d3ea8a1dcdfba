package com.theeye.processor;

import com.theeye.config.Environment;
import com.theeye.config.EnvironmentException;
import com.theeye.config.EnvironmentVariables;
import com.theeye.store.UnknownEventTypes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The processor's settings, read once per execution environment from its environment variables.
 *
 * @param eventsTable where valid events are stored
 * @param sessionsTable which application owns each session
 * @param invalidEventsTable where invalid events are stored with their errors
 * @param applicationsTable the trusted applications, asked again for every sender
 * @param identitiesTable the sessions each person's events are in
 * @param deletionsTable the deletions and each deleted person's standing: whether their later
 *     events are suppressed ({@link SuppressedPeople})
 * @param suppressionCache how long an execution environment remembers whether a person is
 *     suppressed ({@code SUPPRESSION_CACHE_SECONDS}); the deletion job waits that long, and the
 *     processor's timeout, before its last sweep
 * @param unknownEventTypes what happens to an event whose type has no schema
 * @param clockSkew how far past {@code received_at} a timestamp may lie before it counts as in the
 *     future
 * @param indexShards how many shards the by-category and by-application index keys spread over;
 *     only ever increased, since readers fan out over {@code 0..N-1}
 * @param retention how long stored items live (DynamoDB TTL), or empty to keep them forever
 * @param batchConcurrency how many messages of one batch are processed at once
 * @param metricsNamespace CloudWatch namespace of the function's metric lines ({@code
 *     METRICS_NAMESPACE}; the template gives each stack its own)
 * @param maxReceiveCount the events queue's redrive policy's {@code maxReceiveCount} ({@code
 *     MAX_RECEIVE_COUNT}): the receive at which a failing message is dead-lettered
 * @param eventsQueueUrl the queue the batches come from, where events DynamoDB still throttles are
 *     handed back ({@link ThrottledHandBack})
 */
public record ProcessorConfig(
    String eventsTable,
    String sessionsTable,
    String invalidEventsTable,
    String applicationsTable,
    String identitiesTable,
    String deletionsTable,
    Duration suppressionCache,
    UnknownEventTypes unknownEventTypes,
    Duration clockSkew,
    int indexShards,
    Optional<Duration> retention,
    int batchConcurrency,
    String metricsNamespace,
    int maxReceiveCount,
    String eventsQueueUrl) {

  /**
   * Every variable the function reads ({@code AWS_REGION} is set by Lambda, read by AwsClients).
   */
  private static final EnvironmentVariables VARIABLES =
      EnvironmentVariables.required(
              "AWS_REGION",
              "EVENTS_TABLE",
              "SESSIONS_TABLE",
              "INVALID_EVENTS_TABLE",
              "APPLICATIONS_TABLE",
              "IDENTITIES_TABLE",
              "DELETIONS_TABLE",
              "EVENTS_QUEUE_URL")
          .optional(
              "UNKNOWN_EVENT_TYPES",
              "CLOCK_SKEW_SECONDS",
              "INDEX_SHARDS",
              "RETENTION_DAYS",
              "BATCH_CONCURRENCY",
              "METRICS_NAMESPACE",
              "MAX_RECEIVE_COUNT",
              "SUPPRESSION_CACHE_SECONDS");

  /** Variables that must be set; template.yaml must set each but AWS_REGION, which is Lambda's. */
  public static final List<String> REQUIRED_ENVIRONMENT = VARIABLES.required();

  /** Variables with a default; template.yaml may set them. */
  public static final List<String> OPTIONAL_ENVIRONMENT = VARIABLES.optional();

  /** The metric namespace where none is set (the local runner, tests). */
  public static final String DEFAULT_METRICS_NAMESPACE = "TheEye";

  public ProcessorConfig {
    Objects.requireNonNull(eventsTable, "eventsTable");
    Objects.requireNonNull(sessionsTable, "sessionsTable");
    Objects.requireNonNull(invalidEventsTable, "invalidEventsTable");
    Objects.requireNonNull(applicationsTable, "applicationsTable");
    Objects.requireNonNull(identitiesTable, "identitiesTable");
    Objects.requireNonNull(deletionsTable, "deletionsTable");
    Objects.requireNonNull(suppressionCache, "suppressionCache");
    if (suppressionCache.isNegative() || suppressionCache.compareTo(MAX_SUPPRESSION_CACHE) > 0) {
      throw new IllegalArgumentException(
          "suppressionCache must be 0 to " + MAX_SUPPRESSION_CACHE + ": " + suppressionCache);
    }
    Objects.requireNonNull(unknownEventTypes, "unknownEventTypes");
    Objects.requireNonNull(clockSkew, "clockSkew");
    Objects.requireNonNull(retention, "retention");
    Objects.requireNonNull(metricsNamespace, "metricsNamespace");
    if (maxReceiveCount < 1) {
      throw new IllegalArgumentException("maxReceiveCount must be at least 1: " + maxReceiveCount);
    }
    Objects.requireNonNull(eventsQueueUrl, "eventsQueueUrl");
  }

  /**
   * How long a suppression is remembered where none is set: one eventually consistent read per
   * person, execution environment and minute.
   */
  public static final int DEFAULT_SUPPRESSION_CACHE_SECONDS = 60;

  /**
   * The longest a suppression may be remembered: every second of it delays the end of a deletion
   * (the job waits it out before its last sweep).
   */
  public static final Duration MAX_SUPPRESSION_CACHE = Duration.ofSeconds(300);

  /** SQS's default for a redrive policy, and the template's MaxReceiveCount's. */
  public static final int DEFAULT_MAX_RECEIVE_COUNT = 5;

  /**
   * Reads the settings from {@code env}, usually {@link System#getenv()}.
   *
   * @throws EnvironmentException naming the variable that is missing or bad
   */
  public static ProcessorConfig fromEnv(Map<String, String> env) {
    Environment read = VARIABLES.read(env);
    int retentionDays = read.integer("RETENTION_DAYS", 0, 0);
    return new ProcessorConfig(
        read.text("EVENTS_TABLE"),
        read.text("SESSIONS_TABLE"),
        read.text("INVALID_EVENTS_TABLE"),
        read.text("APPLICATIONS_TABLE"),
        read.text("IDENTITIES_TABLE"),
        read.text("DELETIONS_TABLE"),
        Duration.ofSeconds(
            read.integer(
                "SUPPRESSION_CACHE_SECONDS",
                DEFAULT_SUPPRESSION_CACHE_SECONDS,
                0,
                (int) MAX_SUPPRESSION_CACHE.toSeconds())),
        read.choice("UNKNOWN_EVENT_TYPES", UnknownEventTypes.REJECT),
        Duration.ofSeconds(read.integer("CLOCK_SKEW_SECONDS", 300, 0)),
        read.integer("INDEX_SHARDS", 8, 1),
        retentionDays == 0 ? Optional.empty() : Optional.of(Duration.ofDays(retentionDays)),
        read.integer("BATCH_CONCURRENCY", 8, 1),
        read.text("METRICS_NAMESPACE", DEFAULT_METRICS_NAMESPACE),
        read.integer("MAX_RECEIVE_COUNT", DEFAULT_MAX_RECEIVE_COUNT, 1, 1000),
        read.text("EVENTS_QUEUE_URL"));
  }
}

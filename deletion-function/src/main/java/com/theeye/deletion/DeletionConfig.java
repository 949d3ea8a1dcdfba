package com.theeye.deletion;

import com.theeye.config.Environment;
import com.theeye.config.EnvironmentException;
import com.theeye.config.EnvironmentVariables;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The deletion function's settings, read once per execution environment from its environment
 * variables.
 *
 * @param eventsTable valid events, by session
 * @param invalidEventsTable invalid events, found through the {@code by-application} index
 * @param identitiesTable the sessions each person's events are in
 * @param sessionsTable the sessions' owners and the Segment messageId claims
 * @param deletionsTable the deletions' records, the job's write-ahead record among them
 * @param deletionsQueueUrl where the job sends itself its next order (to continue, or to sweep once
 *     more after events in flight had time to land)
 * @param indexShards the processor's {@code INDEX_SHARDS}: the by-application index spreads each
 *     application over shards {@code 0..N-1}, and the job reads them all
 * @param settle how long after a person's deletion was asked for an event of theirs may still be
 *     stored (a processor that had not yet seen the suppression): the job sweeps once more after it
 */
public record DeletionConfig(
    String eventsTable,
    String invalidEventsTable,
    String identitiesTable,
    String sessionsTable,
    String deletionsTable,
    String deletionsQueueUrl,
    int indexShards,
    Duration settle) {

  /**
   * Every variable the function reads ({@code AWS_REGION} is set by Lambda, read by AwsClients).
   */
  private static final EnvironmentVariables VARIABLES =
      EnvironmentVariables.required(
              "AWS_REGION",
              "EVENTS_TABLE",
              "INVALID_EVENTS_TABLE",
              "IDENTITIES_TABLE",
              "SESSIONS_TABLE",
              "DELETIONS_TABLE",
              "DELETIONS_QUEUE_URL")
          .optional("INDEX_SHARDS", "DELETION_SETTLE_SECONDS");

  /** Variables that must be set; template.yaml must set each but AWS_REGION, which is Lambda's. */
  public static final List<String> REQUIRED_ENVIRONMENT = VARIABLES.required();

  /** Variables with a default; template.yaml may set them. */
  public static final List<String> OPTIONAL_ENVIRONMENT = VARIABLES.optional();

  /**
   * The processor's suppression cache (SUPPRESSION_CACHE_SECONDS, 60 s by default) plus its timeout
   * (30 s): after that, no processor can still store an event of a person it has not yet seen
   * suppressed.
   */
  public static final Duration DEFAULT_SETTLE = Duration.ofSeconds(90);

  /**
   * SQS's longest DelaySeconds, the delay of the order that runs the last sweep ("SendMessage",
   * Amazon SQS API Reference).
   */
  public static final int MAX_SETTLE_SECONDS = 900;

  public DeletionConfig {
    Objects.requireNonNull(eventsTable, "eventsTable");
    Objects.requireNonNull(invalidEventsTable, "invalidEventsTable");
    Objects.requireNonNull(identitiesTable, "identitiesTable");
    Objects.requireNonNull(sessionsTable, "sessionsTable");
    Objects.requireNonNull(deletionsTable, "deletionsTable");
    Objects.requireNonNull(deletionsQueueUrl, "deletionsQueueUrl");
    Objects.requireNonNull(settle, "settle");
    if (indexShards < 1) {
      throw new IllegalArgumentException("indexShards must be at least 1: " + indexShards);
    }
    if (settle.isNegative() || settle.toSeconds() > MAX_SETTLE_SECONDS) {
      throw new IllegalArgumentException("settle must be 0 to 900 seconds: " + settle);
    }
  }

  /**
   * Reads the settings from {@code env}, usually {@link System#getenv()}.
   *
   * @throws EnvironmentException naming the variable that is missing or bad
   */
  public static DeletionConfig fromEnv(Map<String, String> env) {
    Environment read = VARIABLES.read(env);
    return new DeletionConfig(
        read.text("EVENTS_TABLE"),
        read.text("INVALID_EVENTS_TABLE"),
        read.text("IDENTITIES_TABLE"),
        read.text("SESSIONS_TABLE"),
        read.text("DELETIONS_TABLE"),
        read.text("DELETIONS_QUEUE_URL"),
        read.integer("INDEX_SHARDS", 8, 1),
        Duration.ofSeconds(
            read.integer(
                "DELETION_SETTLE_SECONDS",
                (int) DEFAULT_SETTLE.toSeconds(),
                0,
                MAX_SETTLE_SECONDS)));
  }
}

package com.theeye.query;

import com.theeye.config.Environment;
import com.theeye.config.EnvironmentException;
import com.theeye.config.EnvironmentVariables;
import com.theeye.signing.CursorKeys;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The query function's settings, read once per execution environment from its environment; a
 * missing or bad value fails the init with the variable's name.
 *
 * @param eventsTable valid events ({@code EVENTS_TABLE})
 * @param invalidEventsTable invalid events with their errors ({@code INVALID_EVENTS_TABLE})
 * @param identitiesTable the sessions of each person ({@code IDENTITIES_TABLE})
 * @param applicationsTable the trusted applications ({@code APPLICATIONS_TABLE}), which {@code
 *     /recent/} looks an application up in
 * @param eventsStreamArn the Events table's stream ({@code EVENTS_STREAM_ARN}), read by {@code
 *     /recent/} ({@link StreamArrivals})
 * @param invalidEventsStreamArn the InvalidEvents table's stream ({@code
 *     INVALID_EVENTS_STREAM_ARN})
 * @param indexShards shards of the indexes ({@code INDEX_SHARDS}); must equal the processor's, or
 *     queries miss the events of the shards they do not read
 * @param cursorSecretArn the Secrets Manager secret holding the HMAC-SHA256 key that makes cursors
 *     tamper-proof ({@code CURSOR_SECRET_ARN}): its ARN, never its value
 * @param cursorKeyRefresh how long a key read from the secret is used before it is read again
 *     ({@code CURSOR_KEY_REFRESH_SECONDS}), so a rotation takes effect without a deploy
 * @param maxQueryRange widest {@code from}..{@code to} a query may span ({@code
 *     MAX_QUERY_RANGE_DAYS})
 * @param metricsNamespace CloudWatch namespace the ingest and processor publish the accounting's
 *     metrics in ({@code METRICS_NAMESPACE}), which the stats read back
 * @param settleAfter how long after its end a minute's events may still be in flight ({@code
 *     SETTLE_SECONDS}): retried on the queue, or their counts not yet in CloudWatch; the stats say
 *     {@code reconciled: null} until then
 * @param deletionsTable the deletions' job and audit records and each subject's standing ({@code
 *     DELETIONS_TABLE}), written by the DELETE routes and read by {@code GET
 *     /api/v1/deletions/{id}}
 * @param deletionsQueueUrl the queue a deletion's order goes to ({@code DELETIONS_QUEUE_URL}),
 *     which the deletion function takes it from
 */
public record QueryConfig(
    String eventsTable,
    String invalidEventsTable,
    String identitiesTable,
    String applicationsTable,
    String eventsStreamArn,
    String invalidEventsStreamArn,
    int indexShards,
    String cursorSecretArn,
    Duration cursorKeyRefresh,
    Duration maxQueryRange,
    String metricsNamespace,
    Duration settleAfter,
    String deletionsTable,
    String deletionsQueueUrl) {

  /**
   * Every variable the function reads ({@code AWS_REGION} is set by Lambda, read by AwsClients).
   */
  private static final EnvironmentVariables VARIABLES =
      EnvironmentVariables.required(
              "AWS_REGION",
              "EVENTS_TABLE",
              "INVALID_EVENTS_TABLE",
              "IDENTITIES_TABLE",
              "APPLICATIONS_TABLE",
              "EVENTS_STREAM_ARN",
              "INVALID_EVENTS_STREAM_ARN",
              "CURSOR_SECRET_ARN",
              "DELETIONS_TABLE",
              "DELETIONS_QUEUE_URL")
          .optional(
              "INDEX_SHARDS",
              "CURSOR_KEY_REFRESH_SECONDS",
              "MAX_QUERY_RANGE_DAYS",
              "METRICS_NAMESPACE",
              "SETTLE_SECONDS");

  /** Variables the function cannot start without; the template checks read this list. */
  public static final List<String> REQUIRED_ENVIRONMENT = VARIABLES.required();

  /** Variables with defaults. */
  public static final List<String> OPTIONAL_ENVIRONMENT = VARIABLES.optional();

  /** A shorter key would make forged cursors cheaper to find than HMAC-SHA256 deserves. */
  public static final int MIN_SIGNING_KEY_CHARACTERS = CursorKeys.MIN_KEY_CHARACTERS;

  public QueryConfig {
    Objects.requireNonNull(eventsTable, "eventsTable");
    Objects.requireNonNull(invalidEventsTable, "invalidEventsTable");
    Objects.requireNonNull(identitiesTable, "identitiesTable");
    Objects.requireNonNull(applicationsTable, "applicationsTable");
    Objects.requireNonNull(eventsStreamArn, "eventsStreamArn");
    Objects.requireNonNull(invalidEventsStreamArn, "invalidEventsStreamArn");
    Objects.requireNonNull(cursorSecretArn, "cursorSecretArn");
    Objects.requireNonNull(cursorKeyRefresh, "cursorKeyRefresh");
    Objects.requireNonNull(maxQueryRange, "maxQueryRange");
    Objects.requireNonNull(metricsNamespace, "metricsNamespace");
    Objects.requireNonNull(settleAfter, "settleAfter");
    Objects.requireNonNull(deletionsTable, "deletionsTable");
    Objects.requireNonNull(deletionsQueueUrl, "deletionsQueueUrl");
  }

  /** The ingest's and the processor's default namespace. */
  public static final String DEFAULT_METRICS_NAMESPACE = "TheEye";

  /**
   * Five receives of a message with the default 180 s visibility timeout, and the minutes EMF lines
   * may take to become metrics: half an hour.
   */
  public static final int DEFAULT_SETTLE_SECONDS = 1800;

  /**
   * Reads the settings from {@code env}, usually {@link System#getenv()}.
   *
   * @throws EnvironmentException naming the variable that is missing or bad
   */
  public static QueryConfig fromEnv(Map<String, String> env) {
    Environment read = VARIABLES.read(env);
    return new QueryConfig(
        read.text("EVENTS_TABLE"),
        read.text("INVALID_EVENTS_TABLE"),
        read.text("IDENTITIES_TABLE"),
        read.text("APPLICATIONS_TABLE"),
        read.text("EVENTS_STREAM_ARN"),
        read.text("INVALID_EVENTS_STREAM_ARN"),
        read.integer("INDEX_SHARDS", 8, 1),
        read.text("CURSOR_SECRET_ARN"),
        Duration.ofSeconds(read.integer("CURSOR_KEY_REFRESH_SECONDS", 300, 60)),
        Duration.ofDays(read.integer("MAX_QUERY_RANGE_DAYS", 31, 1)),
        read.text("METRICS_NAMESPACE", DEFAULT_METRICS_NAMESPACE),
        Duration.ofSeconds(read.integer("SETTLE_SECONDS", DEFAULT_SETTLE_SECONDS, 0)),
        read.text("DELETIONS_TABLE"),
        read.text("DELETIONS_QUEUE_URL"));
  }
}

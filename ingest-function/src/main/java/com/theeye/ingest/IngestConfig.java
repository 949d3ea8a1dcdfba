package com.theeye.ingest;

import com.theeye.config.Environment;
import com.theeye.config.EnvironmentException;
import com.theeye.config.EnvironmentVariables;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The ingest function's settings, read once from the environment at init; a missing or bad value
 * fails the init with the variable's name rather than the first request.
 *
 * @param applicationsTable DynamoDB table of trusted applications ({@code APPLICATIONS_TABLE})
 * @param eventsQueueUrl SQS queue the accepted events go to ({@code EVENTS_QUEUE_URL})
 * @param maxBodyBytes largest request body accepted; larger gets 413 ({@code MAX_BODY_BYTES})
 * @param maxBatchEvents most events one array body may carry ({@code MAX_BATCH_EVENTS})
 * @param maxEventBytes largest one event may be as compact JSON; larger gets 400 ({@code
 *     MAX_EVENT_BYTES})
 * @param trustedCacheTtl how long a trusted application is remembered ({@code
 *     TRUSTED_CACHE_SECONDS})
 * @param untrustedCacheTtl how long an unknown or disabled one is remembered ({@code
 *     UNTRUSTED_CACHE_SECONDS})
 * @param captureClientAddress whether events are stored with the sender's truncated address ({@code
 *     CAPTURE_CLIENT_ADDRESS})
 * @param metricsNamespace CloudWatch namespace of the function's metric lines ({@code
 *     METRICS_NAMESPACE}; the template gives each stack its own)
 * @param eventsTable where a receipt's stored event is looked up ({@code EVENTS_TABLE})
 * @param invalidEventsTable where a receipt's invalid event is looked up ({@code
 *     INVALID_EVENTS_TABLE})
 * @param deletionsTable where a receipt's lookup learns that its event was deleted ({@code
 *     DELETIONS_TABLE})
 * @param cursorSecretArn the Secrets Manager secret whose key signs receipts, as the query
 *     function's cursors ({@code CURSOR_SECRET_ARN}): its ARN, never its value
 * @param cursorKeyRefresh how long a key read from the secret is used before it is read again
 *     ({@code CURSOR_KEY_REFRESH_SECONDS})
 */
public record IngestConfig(
    String applicationsTable,
    String eventsQueueUrl,
    int maxBodyBytes,
    int maxBatchEvents,
    int maxEventBytes,
    Duration trustedCacheTtl,
    Duration untrustedCacheTtl,
    boolean captureClientAddress,
    String metricsNamespace,
    String eventsTable,
    String invalidEventsTable,
    String deletionsTable,
    String cursorSecretArn,
    Duration cursorKeyRefresh) {

  /**
   * Every variable the function reads ({@code AWS_REGION} is set by Lambda, read by AwsClients).
   */
  private static final EnvironmentVariables VARIABLES =
      EnvironmentVariables.required(
              "AWS_REGION",
              "APPLICATIONS_TABLE",
              "EVENTS_QUEUE_URL",
              "EVENTS_TABLE",
              "INVALID_EVENTS_TABLE",
              "DELETIONS_TABLE",
              "CURSOR_SECRET_ARN")
          .optional(
              "MAX_BODY_BYTES",
              "MAX_BATCH_EVENTS",
              "MAX_EVENT_BYTES",
              "CAPTURE_CLIENT_ADDRESS",
              "TRUSTED_CACHE_SECONDS",
              "UNTRUSTED_CACHE_SECONDS",
              "METRICS_NAMESPACE",
              "CURSOR_KEY_REFRESH_SECONDS");

  /** Variables the function cannot start without; the template checks read this list. */
  public static final List<String> REQUIRED_ENVIRONMENT = VARIABLES.required();

  /** Variables with defaults. */
  public static final List<String> OPTIONAL_ENVIRONMENT = VARIABLES.optional();

  /** 1 MiB: a full SDK batch. */
  public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

  /**
   * 2 MiB: base64-encoded (a gzip body) or JSON-escaped in the API Gateway event, a body this large
   * still fits Lambda's 6 MB invocation payload.
   */
  public static final int LARGEST_MAX_BODY_BYTES = 2 * 1024 * 1024;

  public static final int DEFAULT_MAX_BATCH_EVENTS = 500;

  /** 32 KB, as Segment's per-event limit. */
  public static final int DEFAULT_MAX_EVENT_BYTES = 32 * 1024;

  /**
   * 200 KiB: with the id, application, received_at and context added, one event still fits one SQS
   * message (256 KiB on older queues) and one DynamoDB item (400 KB) with room for its validation
   * errors.
   */
  public static final int LARGEST_MAX_EVENT_BYTES = 200 * 1024;

  /** The metric namespace where none is set (the local runner, tests). */
  public static final String DEFAULT_METRICS_NAMESPACE = "TheEye";

  public IngestConfig {
    Objects.requireNonNull(applicationsTable, "applicationsTable");
    Objects.requireNonNull(eventsQueueUrl, "eventsQueueUrl");
    Objects.requireNonNull(trustedCacheTtl, "trustedCacheTtl");
    Objects.requireNonNull(untrustedCacheTtl, "untrustedCacheTtl");
    Objects.requireNonNull(metricsNamespace, "metricsNamespace");
    Objects.requireNonNull(eventsTable, "eventsTable");
    Objects.requireNonNull(invalidEventsTable, "invalidEventsTable");
    Objects.requireNonNull(deletionsTable, "deletionsTable");
    Objects.requireNonNull(cursorSecretArn, "cursorSecretArn");
    Objects.requireNonNull(cursorKeyRefresh, "cursorKeyRefresh");
  }

  /**
   * Reads the settings from {@code env}, usually {@link System#getenv()}.
   *
   * @throws EnvironmentException naming the variable that is missing or bad
   */
  public static IngestConfig fromEnv(Map<String, String> env) {
    Environment read = VARIABLES.read(env);
    return new IngestConfig(
        read.text("APPLICATIONS_TABLE"),
        read.text("EVENTS_QUEUE_URL"),
        read.integer("MAX_BODY_BYTES", DEFAULT_MAX_BODY_BYTES, 1024, LARGEST_MAX_BODY_BYTES),
        read.integer("MAX_BATCH_EVENTS", DEFAULT_MAX_BATCH_EVENTS, 1, 1000),
        read.integer("MAX_EVENT_BYTES", DEFAULT_MAX_EVENT_BYTES, 1024, LARGEST_MAX_EVENT_BYTES),
        Duration.ofSeconds(read.integer("TRUSTED_CACHE_SECONDS", 60, 0)),
        Duration.ofSeconds(read.integer("UNTRUSTED_CACHE_SECONDS", 10, 0)),
        read.flag("CAPTURE_CLIENT_ADDRESS", true),
        read.text("METRICS_NAMESPACE", DEFAULT_METRICS_NAMESPACE),
        read.text("EVENTS_TABLE"),
        read.text("INVALID_EVENTS_TABLE"),
        read.text("DELETIONS_TABLE"),
        read.text("CURSOR_SECRET_ARN"),
        Duration.ofSeconds(read.integer("CURSOR_KEY_REFRESH_SECONDS", 300, 60)));
  }
}

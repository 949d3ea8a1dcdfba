package com.theeye.ingest;

import java.time.Duration;
import java.util.List;
import java.util.Map;

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
 */
public record IngestConfig(
    String applicationsTable,
    String eventsQueueUrl,
    int maxBodyBytes,
    int maxBatchEvents,
    int maxEventBytes,
    Duration trustedCacheTtl,
    Duration untrustedCacheTtl,
    boolean captureClientAddress) {

  /** Variables the function cannot start without ({@code AWS_REGION} is set by Lambda itself). */
  public static final List<String> REQUIRED_ENVIRONMENT =
      List.of("AWS_REGION", "APPLICATIONS_TABLE", "EVENTS_QUEUE_URL");

  /** Variables with defaults. */
  public static final List<String> OPTIONAL_ENVIRONMENT =
      List.of(
          "MAX_BODY_BYTES",
          "MAX_BATCH_EVENTS",
          "MAX_EVENT_BYTES",
          "CAPTURE_CLIENT_ADDRESS",
          "TRUSTED_CACHE_SECONDS",
          "UNTRUSTED_CACHE_SECONDS");

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

  public IngestConfig {
    require(applicationsTable, "APPLICATIONS_TABLE");
    require(eventsQueueUrl, "EVENTS_QUEUE_URL");
    if (maxBodyBytes < 1024 || maxBodyBytes > LARGEST_MAX_BODY_BYTES) {
      throw new IllegalArgumentException(
          "MAX_BODY_BYTES must be between 1024 and "
              + LARGEST_MAX_BODY_BYTES
              + ", was "
              + maxBodyBytes);
    }
    if (maxEventBytes < 1024 || maxEventBytes > LARGEST_MAX_EVENT_BYTES) {
      throw new IllegalArgumentException(
          "MAX_EVENT_BYTES must be between 1024 and "
              + LARGEST_MAX_EVENT_BYTES
              + ", was "
              + maxEventBytes);
    }
    if (maxBatchEvents < 1 || maxBatchEvents > 1000) {
      throw new IllegalArgumentException(
          "MAX_BATCH_EVENTS must be between 1 and 1000, was " + maxBatchEvents);
    }
    if (trustedCacheTtl.isNegative() || untrustedCacheTtl.isNegative()) {
      throw new IllegalArgumentException("cache TTLs may not be negative");
    }
  }

  /** Reads the settings from {@code env}, usually {@link System#getenv()}. */
  public static IngestConfig fromEnv(Map<String, String> env) {
    return new IngestConfig(
        env.get("APPLICATIONS_TABLE"),
        env.get("EVENTS_QUEUE_URL"),
        integer(env, "MAX_BODY_BYTES", DEFAULT_MAX_BODY_BYTES),
        integer(env, "MAX_BATCH_EVENTS", DEFAULT_MAX_BATCH_EVENTS),
        integer(env, "MAX_EVENT_BYTES", DEFAULT_MAX_EVENT_BYTES),
        Duration.ofSeconds(integer(env, "TRUSTED_CACHE_SECONDS", 60)),
        Duration.ofSeconds(integer(env, "UNTRUSTED_CACHE_SECONDS", 10)),
        bool(env, "CAPTURE_CLIENT_ADDRESS", true));
  }

  private static boolean bool(Map<String, String> env, String variable, boolean fallback) {
    String value = env.get(variable);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    return switch (value.strip()) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new IllegalArgumentException(
              variable + " must be true or false, was '" + value + "'");
    };
  }

  private static void require(String value, String variable) {
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(variable + " is not set");
    }
  }

  private static int integer(Map<String, String> env, String variable, int fallback) {
    String value = env.get(variable);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          variable + " must be a whole number, was '" + value + "'", e);
    }
  }
}

package com.theeye.processor;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The processor's settings, read once per execution environment from its environment variables.
 *
 * @param region the region of the tables ({@code AWS_REGION}, set by Lambda)
 * @param eventsTable where valid events are stored
 * @param sessionsTable which application owns each session
 * @param invalidEventsTable where invalid events are stored with their errors
 * @param applicationsTable the trusted applications, asked again for every sender
 * @param unknownEventTypes what happens to an event whose type has no schema
 * @param clockSkew how far past {@code received_at} a timestamp may lie before it counts as in the
 *     future
 * @param indexShards how many shards the by-category and by-time indexes spread over; only ever
 *     increased, since readers fan out over {@code 0..N-1}
 * @param retention how long stored items live (DynamoDB TTL), or empty to keep them forever
 * @param batchConcurrency how many messages of one batch are processed at once
 */
public record ProcessorConfig(
    String region,
    String eventsTable,
    String sessionsTable,
    String invalidEventsTable,
    String applicationsTable,
    UnknownEventTypes unknownEventTypes,
    Duration clockSkew,
    int indexShards,
    Optional<Duration> retention,
    int batchConcurrency) {

  /**
   * Variables that must be set; template.yaml must set each (AWS_REGION is set by Lambda itself).
   */
  public static final List<String> REQUIRED_ENVIRONMENT =
      List.of(
          "AWS_REGION",
          "EVENTS_TABLE",
          "SESSIONS_TABLE",
          "INVALID_EVENTS_TABLE",
          "APPLICATIONS_TABLE");

  /** Variables with a default; template.yaml may set them. */
  public static final List<String> OPTIONAL_ENVIRONMENT =
      List.of(
          "UNKNOWN_EVENT_TYPES",
          "CLOCK_SKEW_SECONDS",
          "INDEX_SHARDS",
          "RETENTION_DAYS",
          "BATCH_CONCURRENCY");

  /** What to do with an event whose category and name have no schema file. */
  public enum UnknownEventTypes {
    /** Store it as invalid, reason {@code unknown event type}. */
    REJECT,
    /** Store it as valid, its data unchecked. */
    ACCEPT
  }

  public ProcessorConfig {
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(eventsTable, "eventsTable");
    Objects.requireNonNull(sessionsTable, "sessionsTable");
    Objects.requireNonNull(invalidEventsTable, "invalidEventsTable");
    Objects.requireNonNull(applicationsTable, "applicationsTable");
    Objects.requireNonNull(unknownEventTypes, "unknownEventTypes");
    Objects.requireNonNull(retention, "retention");
    if (clockSkew.isNegative()) {
      throw new IllegalArgumentException("clockSkew must not be negative: " + clockSkew);
    }
    if (indexShards < 1) {
      throw new IllegalArgumentException("indexShards must be at least 1: " + indexShards);
    }
    if (batchConcurrency < 1) {
      throw new IllegalArgumentException(
          "batchConcurrency must be at least 1: " + batchConcurrency);
    }
  }

  /** Reads the settings, failing with the variable's name when one is missing or malformed. */
  public static ProcessorConfig fromEnv(Map<String, String> env) {
    int retentionDays = integer(env, "RETENTION_DAYS", 0, 0);
    return new ProcessorConfig(
        required(env, "AWS_REGION"),
        required(env, "EVENTS_TABLE"),
        required(env, "SESSIONS_TABLE"),
        required(env, "INVALID_EVENTS_TABLE"),
        required(env, "APPLICATIONS_TABLE"),
        unknownEventTypes(env),
        Duration.ofSeconds(integer(env, "CLOCK_SKEW_SECONDS", 300, 0)),
        integer(env, "INDEX_SHARDS", 8, 1),
        retentionDays == 0 ? Optional.empty() : Optional.of(Duration.ofDays(retentionDays)),
        integer(env, "BATCH_CONCURRENCY", 8, 1));
  }

  /** The settings of the process, as Lambda sets them. */
  public static ProcessorConfig fromEnv() {
    return fromEnv(System.getenv());
  }

  private static String required(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(name + " is not set");
    }
    return value.strip();
  }

  private static UnknownEventTypes unknownEventTypes(Map<String, String> env) {
    String value = env.getOrDefault("UNKNOWN_EVENT_TYPES", "").strip();
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "", "reject" -> UnknownEventTypes.REJECT;
      case "accept" -> UnknownEventTypes.ACCEPT;
      default ->
          throw new IllegalStateException(
              "UNKNOWN_EVENT_TYPES must be reject or accept, not '" + value + "'");
    };
  }

  private static int integer(Map<String, String> env, String name, int defaultValue, int minimum) {
    String value = env.getOrDefault(name, "").strip();
    if (value.isEmpty()) {
      return defaultValue;
    }
    int parsed;
    try {
      parsed = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalStateException(name + " must be a whole number, not '" + value + "'");
    }
    if (parsed < minimum) {
      throw new IllegalStateException(name + " must be at least " + minimum + ", not " + parsed);
    }
    return parsed;
  }
}

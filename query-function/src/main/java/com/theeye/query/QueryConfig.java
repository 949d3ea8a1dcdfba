package com.theeye.query;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The query function's settings, read once per execution environment from its environment; a
 * missing or bad value fails the init with the variable's name.
 *
 * @param region the region of the tables ({@code AWS_REGION}, set by Lambda)
 * @param eventsTable valid events ({@code EVENTS_TABLE})
 * @param invalidEventsTable invalid events with their errors ({@code INVALID_EVENTS_TABLE})
 * @param indexShards shards of the indexes ({@code INDEX_SHARDS}); must equal the processor's, or
 *     queries miss the events of the shards they do not read
 * @param cursorSigningKey HMAC-SHA256 key that makes cursors tamper-proof ({@code
 *     CURSOR_SIGNING_KEY}); never logged
 * @param maxQueryRange widest {@code from}..{@code to} a query may span ({@code
 *     MAX_QUERY_RANGE_DAYS})
 */
public record QueryConfig(
    String region,
    String eventsTable,
    String invalidEventsTable,
    int indexShards,
    String cursorSigningKey,
    Duration maxQueryRange) {

  /** Variables the function cannot start without ({@code AWS_REGION} is set by Lambda itself). */
  public static final List<String> REQUIRED_ENVIRONMENT =
      List.of("AWS_REGION", "EVENTS_TABLE", "INVALID_EVENTS_TABLE", "CURSOR_SIGNING_KEY");

  /** Variables with defaults. */
  public static final List<String> OPTIONAL_ENVIRONMENT =
      List.of("INDEX_SHARDS", "MAX_QUERY_RANGE_DAYS");

  /** A shorter key would make forged cursors cheaper to find than HMAC-SHA256 deserves. */
  public static final int MIN_SIGNING_KEY_CHARACTERS = 32;

  public QueryConfig {
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(eventsTable, "eventsTable");
    Objects.requireNonNull(invalidEventsTable, "invalidEventsTable");
    Objects.requireNonNull(cursorSigningKey, "cursorSigningKey");
    if (indexShards < 1) {
      throw new IllegalArgumentException("INDEX_SHARDS must be at least 1, was " + indexShards);
    }
    if (cursorSigningKey.length() < MIN_SIGNING_KEY_CHARACTERS) {
      throw new IllegalArgumentException(
          "CURSOR_SIGNING_KEY must be at least " + MIN_SIGNING_KEY_CHARACTERS + " characters");
    }
    if (maxQueryRange.compareTo(Duration.ofDays(1)) < 0) {
      throw new IllegalArgumentException(
          "MAX_QUERY_RANGE_DAYS must be at least 1, was " + maxQueryRange.toDays());
    }
  }

  /** Reads the settings from {@code env}, usually {@link System#getenv()}. */
  public static QueryConfig fromEnv(Map<String, String> env) {
    return new QueryConfig(
        required(env, "AWS_REGION"),
        required(env, "EVENTS_TABLE"),
        required(env, "INVALID_EVENTS_TABLE"),
        integer(env, "INDEX_SHARDS", 8),
        required(env, "CURSOR_SIGNING_KEY"),
        Duration.ofDays(integer(env, "MAX_QUERY_RANGE_DAYS", 31)));
  }

  /** Leaves the signing key out, so the settings can be logged. */
  @Override
  public String toString() {
    return "QueryConfig[region="
        + region
        + ", eventsTable="
        + eventsTable
        + ", invalidEventsTable="
        + invalidEventsTable
        + ", indexShards="
        + indexShards
        + ", maxQueryRange="
        + maxQueryRange
        + "]";
  }

  private static String required(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(name + " is not set");
    }
    return value.strip();
  }

  private static int integer(Map<String, String> env, String name, int fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, was '" + value + "'", e);
    }
  }
}

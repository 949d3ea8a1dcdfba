package com.theeye.client;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * How long to wait before the next attempt: a random delay between {@code min} and a cap that
 * doubles with every attempt up to {@code max} (jitter, so clients that failed together do not
 * retry together), and never less than the server's {@code Retry-After}.
 */
record Backoff(Duration min, Duration max, RandomGenerator random, Clock clock) {

  Duration delay(int attempt, Optional<String> retryAfter) {
    long minMillis = min.toMillis();
    long cap = Math.min(max.toMillis(), minMillis << Math.min(attempt - 1, 30));
    long jittered = minMillis + (cap > minMillis ? random.nextLong(cap - minMillis + 1) : 0);
    long asked = retryAfter.flatMap(this::parse).map(Duration::toMillis).orElse(0L);
    return Duration.ofMillis(Math.max(jittered, asked));
  }

  /** Retry-After is a number of seconds or an HTTP date (RFC 9110, section 10.2.3). */
  private Optional<Duration> parse(String value) {
    String text = value.strip();
    try {
      return Optional.of(Duration.ofSeconds(Long.parseLong(text)));
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration wait = Duration.between(clock.instant(), at.toInstant());
        return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
      } catch (DateTimeParseException notADate) {
        return Optional.empty();
      }
    }
  }
}

package com.theeye.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private final Backoff backoff =
      new Backoff(
          Duration.ofMillis(500),
          Duration.ofSeconds(30),
          new Random(7),
          Clock.fixed(Instant.parse("2026-11-29T12:00:00Z"), ZoneOffset.UTC));

  @Test
  void delaysGrowWithTheAttemptUpToTheCapWithJitter() {
    for (int attempt = 1; attempt <= 40; attempt++) {
      long cap = Math.min(30_000, 500L << Math.min(attempt - 1, 30));
      long delay = backoff.delay(attempt, Optional.empty()).toMillis();
      assertTrue(delay >= 500 && delay <= cap, "attempt " + attempt + ": " + delay);
    }
    assertEquals(500, backoff.delay(1, Optional.empty()).toMillis());
  }

  @Test
  void neverRetriesSoonerThanRetryAfterInSecondsOrAsADate() {
    assertEquals(Duration.ofSeconds(5), backoff.delay(1, Optional.of("5")));
    assertEquals(
        Duration.ofSeconds(90), backoff.delay(1, Optional.of("Sun, 29 Nov 2026 12:01:30 GMT")));
    assertEquals(Duration.ofMillis(500), backoff.delay(1, Optional.of("soon")));
  }
}

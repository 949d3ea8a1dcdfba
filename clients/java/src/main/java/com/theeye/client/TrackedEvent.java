package com.theeye.client;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One event as the client sends it: The Eye's envelope (docs/API.md) with the optional identity of
 * who it is about. {@code anonymousId} and {@code userId} are null when not known; a null {@code
 * timestamp} is stamped by the client's clock when the event is tracked. Make one with {@link #of}
 * and add to it with the {@code with} methods.
 *
 * <pre>{@code
 * eye.track(TrackedEvent.of(sessionId, "form interaction", "submit", data).withUserId("user-42"));
 * }</pre>
 */
public record TrackedEvent(
    UUID sessionId,
    String category,
    String name,
    Map<String, ?> data,
    Instant timestamp,
    String anonymousId,
    String userId) {

  public TrackedEvent {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(data, "data");
    // The Eye keeps microseconds; more digits would be refused.
    timestamp = timestamp == null ? null : timestamp.truncatedTo(ChronoUnit.MICROS);
  }

  /** An event without identity, timestamped by the client's clock when it is tracked. */
  public static TrackedEvent of(UUID sessionId, String category, String name, Map<String, ?> data) {
    return new TrackedEvent(sessionId, category, name, data, null, null, null);
  }

  public TrackedEvent withTimestamp(Instant timestamp) {
    return new TrackedEvent(sessionId, category, name, data, timestamp, anonymousId, userId);
  }

  /** Who the event is about before they are known: sent as {@code anonymous_id}. */
  public TrackedEvent withAnonymousId(String anonymousId) {
    return new TrackedEvent(sessionId, category, name, data, timestamp, anonymousId, userId);
  }

  /** Who the event is about, in your application's terms: sent as {@code user_id}. */
  public TrackedEvent withUserId(String userId) {
    return new TrackedEvent(sessionId, category, name, data, timestamp, anonymousId, userId);
  }

  public TrackedEvent withData(Map<String, ?> data) {
    return new TrackedEvent(sessionId, category, name, data, timestamp, anonymousId, userId);
  }
}

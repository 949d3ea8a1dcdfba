package com.theeye.store;

import com.theeye.event.Event;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * A valid event as the Events table holds it ({@link EventItems}).
 *
 * @param shard the index shard of its {@code by-category} partition
 * @param expiresAt when DynamoDB TTL may delete it, kept in whole seconds; empty: kept forever
 * @param schemaVersion the version of its type's schema that passed it; empty when its type has
 *     none ({@code UNKNOWN_EVENT_TYPES=accept}) or it was stored before schemas had versions
 */
public record StoredEvent(
    Event event, int shard, Optional<Instant> expiresAt, Optional<String> schemaVersion) {

  /** An event judged by no versioned schema. */
  public StoredEvent(Event event, int shard, Optional<Instant> expiresAt) {
    this(event, shard, expiresAt, Optional.empty());
  }

  public StoredEvent {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(schemaVersion, "schemaVersion");
    if (shard < 0) {
      throw new IllegalArgumentException("a shard is not negative: " + shard);
    }
    expiresAt = expiresAt.map(at -> at.truncatedTo(ChronoUnit.SECONDS));
  }
}

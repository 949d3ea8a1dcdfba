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
 * @param unplanned whether no schema described its type and it was stored unchecked (an unknown
 *     type its application or the stack accepts); false for items stored before this was recorded
 */
public record StoredEvent(
    Event event,
    int shard,
    Optional<Instant> expiresAt,
    Optional<String> schemaVersion,
    boolean unplanned) {

  /** An event judged by no versioned schema. */
  public StoredEvent(Event event, int shard, Optional<Instant> expiresAt) {
    this(event, shard, expiresAt, Optional.empty());
  }

  /** An event its type's schema judged (or that was stored before unplanned events were marked). */
  public StoredEvent(
      Event event, int shard, Optional<Instant> expiresAt, Optional<String> schemaVersion) {
    this(event, shard, expiresAt, schemaVersion, false);
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

package com.theeye.store;

import com.theeye.event.EventTimestamps;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * An event that failed validation, as the InvalidEvents table holds it ({@link InvalidEventItems}).
 *
 * @param receivedAt when the ingest function accepted it, kept to the microsecond
 * @param message the queue message as received, kept whole so the event can be repaired and
 *     replayed
 * @param errors every field at fault
 * @param reason the distinct kinds of problem, e.g. {@code schema violation, timestamp in the
 *     future}
 * @param shard the index shard of its {@code by-application} partition
 * @param expiresAt when DynamoDB TTL may delete it, kept in whole seconds; empty: kept forever
 * @param schemaVersion the version of its type's schema that judged it last; empty when no schema
 *     did (an unknown type) or it was stored before schemas had versions
 * @param replay when a replay last sent it through the processor and what became of it; empty when
 *     never replayed
 */
public record StoredInvalidEvent(
    String id,
    UUID application,
    Instant receivedAt,
    String message,
    List<FieldError> errors,
    String reason,
    int shard,
    Optional<Instant> expiresAt,
    Optional<String> schemaVersion,
    Optional<InvalidEventReplay> replay) {

  /** An invalid event judged by no versioned schema, never replayed. */
  public StoredInvalidEvent(
      String id,
      UUID application,
      Instant receivedAt,
      String message,
      List<FieldError> errors,
      String reason,
      int shard,
      Optional<Instant> expiresAt) {
    this(
        id,
        application,
        receivedAt,
        message,
        errors,
        reason,
        shard,
        expiresAt,
        Optional.empty(),
        Optional.empty());
  }

  /** One field at fault and what was expected there. */
  public record FieldError(String field, String message) {

    public FieldError {
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(message, "message");
    }
  }

  public StoredInvalidEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(application, "application");
    receivedAt = EventTimestamps.normalize(Objects.requireNonNull(receivedAt, "receivedAt"));
    Objects.requireNonNull(message, "message");
    errors = List.copyOf(errors);
    Objects.requireNonNull(reason, "reason");
    if (shard < 0) {
      throw new IllegalArgumentException("a shard is not negative: " + shard);
    }
    expiresAt = expiresAt.map(at -> at.truncatedTo(ChronoUnit.SECONDS));
    Objects.requireNonNull(schemaVersion, "schemaVersion");
    Objects.requireNonNull(replay, "replay");
  }
}

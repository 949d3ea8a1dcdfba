package com.theeye.store;

import com.theeye.event.EventTimestamps;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One session a person's events are in, as the Identities table holds it ({@link IdentityItems}).
 *
 * @param identityKey {@link TableLayout#userIdentity} or {@link TableLayout#anonymousIdentity}
 * @param seenAt when the event that last wrote it was received, kept to the microsecond
 * @param expiresAt when DynamoDB TTL may delete it, in whole seconds; empty: kept forever
 */
public record IdentitySession(
    String identityKey,
    UUID application,
    UUID session,
    Instant seenAt,
    Optional<Instant> expiresAt) {

  public IdentitySession {
    Objects.requireNonNull(identityKey, "identityKey");
    Objects.requireNonNull(application, "application");
    Objects.requireNonNull(session, "session");
    seenAt = EventTimestamps.normalize(Objects.requireNonNull(seenAt, "seenAt"));
    expiresAt = expiresAt.map(at -> at.truncatedTo(ChronoUnit.SECONDS));
  }
}

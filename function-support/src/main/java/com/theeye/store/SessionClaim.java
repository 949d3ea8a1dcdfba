package com.theeye.store;

import com.theeye.event.EventTimestamps;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A session and the application that owns it, as the Sessions table holds it ({@link
 * SessionItems}).
 *
 * @param claimedAt when the owner claimed it, kept to the microsecond
 */
public record SessionClaim(UUID session, UUID owner, Instant claimedAt) {

  public SessionClaim {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(owner, "owner");
    claimedAt = EventTimestamps.normalize(Objects.requireNonNull(claimedAt, "claimedAt"));
  }
}

package com.theeye.event;

import java.util.Objects;
import java.util.Optional;

/**
 * Who sent an event, as the sender names them: never checked against anything, only kept, so the
 * data team can follow a person across sessions and devices.
 *
 * @param anonymousId the id a client made for a browser or device before anyone logged in
 *     (Segment's {@code anonymousId})
 * @param userId the application's own id of the person (Segment's {@code userId})
 */
public record Identity(Optional<String> anonymousId, Optional<String> userId) {

  /** Nothing known: what every event sent before there were identities carries. */
  public static final Identity NONE = new Identity(Optional.empty(), Optional.empty());

  public Identity {
    Objects.requireNonNull(anonymousId, "anonymousId");
    Objects.requireNonNull(userId, "userId");
  }

  public boolean isEmpty() {
    return anonymousId.isEmpty() && userId.isEmpty();
  }
}

package com.theeye.event;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the sender's clock said, when the event's timestamp was corrected for it: Segment's and
 * PostHog's rule, {@code timestamp = received_at - (sent_at - original_timestamp)}, so a device
 * whose clock is hours off still lands at the right time ({@link #corrected}).
 *
 * @param sentAt when the client says it sent the request (re-stamped on every retry); empty when it
 *     did not say
 * @param originalTimestamp the timestamp the client sent, before the correction; empty when the
 *     timestamp was not corrected (no {@code sent_at})
 */
public record ClientClock(Optional<Instant> sentAt, Optional<Instant> originalTimestamp) {

  /** No correction: the timestamp is the client's. */
  public static final ClientClock NONE = new ClientClock(Optional.empty(), Optional.empty());

  public ClientClock {
    sentAt = Objects.requireNonNull(sentAt, "sentAt").map(EventTimestamps::normalize);
    originalTimestamp =
        Objects.requireNonNull(originalTimestamp, "originalTimestamp")
            .map(EventTimestamps::normalize);
  }

  /**
   * The client's timestamp corrected for its clock's skew: {@code receivedAt - (sentAt -
   * timestamp)}, at microsecond precision; empty when it would fall outside the years 1 to 9999 (a
   * {@code sent_at} thousands of years off).
   */
  public static Optional<Instant> corrected(Instant timestamp, Instant sentAt, Instant receivedAt) {
    Instant corrected = receivedAt.minus(Duration.between(timestamp, sentAt));
    return EventTimestamps.representable(corrected)
        ? Optional.of(EventTimestamps.normalize(corrected))
        : Optional.empty();
  }
}

package com.theeye.store;

import com.theeye.event.EventTimestamps;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * When an invalid event was last sent through the processor again by a replay, and what the
 * processor decided then ({@link InvalidEventItems}).
 *
 * @param replayedAt when the replay that decided it started, kept to the microsecond
 */
public record InvalidEventReplay(Instant replayedAt, ReplayOutcome outcome) {

  /** What the processor decided on replay. */
  public enum ReplayOutcome {
    /** Valid now: stored in Events under its id. */
    STORED("stored"),
    /** Still invalid: the record holds the new errors. */
    STILL_INVALID("still invalid");

    private final String stored;

    ReplayOutcome(String stored) {
      this.stored = stored;
    }

    /** As stored and answered by the query API. */
    public String text() {
      return stored;
    }

    /**
     * @throws IllegalStateException for a text no outcome has
     */
    public static ReplayOutcome ofText(String text) {
      return Arrays.stream(values())
          .filter(o -> o.stored.equals(text))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("unknown replay outcome '" + text + "'"));
    }
  }

  public InvalidEventReplay {
    replayedAt = EventTimestamps.normalize(Objects.requireNonNull(replayedAt, "replayedAt"));
    Objects.requireNonNull(outcome, "outcome");
  }
}

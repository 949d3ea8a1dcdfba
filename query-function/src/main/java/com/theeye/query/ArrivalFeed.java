package com.theeye.query;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where {@code GET /api/v1/recent/} reads arrivals from: on AWS the DynamoDB Streams of the Events
 * and InvalidEvents tables ({@link StreamArrivals}); under {@code make run} the local runner's own
 * feed, which taps the queue and the tables. A feed hands out positions, opaque strings that {@link
 * RecentService} signs into cursors, and reads what follows one; it never filters (the service
 * does) and never waits in {@link #read} (it waits in {@link #await}).
 */
public interface ArrivalFeed {

  /** The outcomes this feed records, in the order a reader shows them. */
  List<Outcome> outcomes();

  /**
   * A position before every arrival received at or after {@code from} that the feed still holds;
   * later positions keep {@code from}, so what follows one is never an arrival received before it.
   */
  String start(Instant from);

  /**
   * What follows {@code position}: at most {@code max} arrivals, each with the position right after
   * it; never waits.
   *
   * @throws IllegalArgumentException when {@code position} is not one this kind of feed makes (the
   *     service answers 400, as for a forged cursor)
   */
  Read read(String position, int max);

  /**
   * Returns once something may follow {@code position}, or at {@code until}, whichever is first; a
   * feed that cannot tell waits a polling interval.
   */
  void await(String position, Instant until) throws InterruptedException;

  /**
   * What one {@link #read} found.
   *
   * @param steps the arrivals, each with the position right after it, in the feed's order
   * @param end the position after everything this read looked at, arrivals or not
   * @param more whether more is known to follow {@code end} already: read again without waiting
   * @param resumed how the feed went on from a position it could not continue exactly, if it could
   *     not
   */
  record Read(List<Step> steps, String end, boolean more, Optional<Resumed> resumed) {
    public Read {
      steps = List.copyOf(steps);
      Objects.requireNonNull(end, "end");
      Objects.requireNonNull(resumed, "resumed");
    }
  }

  /** An arrival and the position right after it. */
  record Step(Arrival arrival, String after) {
    public Step {
      Objects.requireNonNull(arrival, "arrival");
      Objects.requireNonNull(after, "after");
    }
  }

  /**
   * Why a read could not simply go on from its position, and what the reader should know: the local
   * runner restarted (what was stored meanwhile is read back from the tables), arrivals were
   * dropped from a bounded feed before they were read, or stream records older than 24 hours were
   * trimmed.
   *
   * @param reason {@code restart}, {@code overflow} or {@code trimmed}
   * @param message a sentence for a person
   */
  record Resumed(String reason, String message) {
    public Resumed {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
    }
  }
}

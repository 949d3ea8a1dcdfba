package com.theeye.local;

import com.theeye.event.EventTimestamps;
import com.theeye.query.Arrival;
import com.theeye.query.ArrivalFeed;
import com.theeye.query.Outcome;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code make run}'s arrival feed, behind {@code GET /api/v1/recent/}: every event the ingest put
 * on the queue ({@link QueueArrivalTap}) and every outcome the processor wrote ({@link
 * StoreArrivalTap}), in the order they happened, with no setting to turn on and nothing sampled.
 *
 * <p>Bounded: it holds the last {@link #MAX_ENTRIES} entries of the last {@link #KEPT_FOR}; a
 * reader further behind is told how many it missed. A waiting reader is woken by the next entry, so
 * a long poll answers as soon as an event arrives.
 *
 * <p>A restart is a new feed (its {@code epoch} changes). A position of an earlier one is not
 * refused: what was stored or kept as invalid since the reader's <em>floor</em> (the time of the
 * oldest arrival still undecided when it read, or the time it read) is read back from the tables
 * ({@link StoredSince}), then the new feed from its start, so no stored event is missed across a
 * restart; the answer says so ({@code resumed}, reason {@code restart}). Positions are {@code
 * L|epoch|after|from|floor} (live) and {@code C|from|floor|id} (reading the tables back).
 */
final class LocalArrivals implements ArrivalFeed {

  /** Entries held at most: each is an event as JSON, a few KB at most. */
  static final int MAX_ENTRIES = 20_000;

  /** Entries older than this are dropped: the inspector's chart shows the last hour. */
  static final Duration KEPT_FOR = Duration.ofHours(1);

  /**
   * How far before a reader's floor the tables are read back after a restart: the floor is taken
   * from this runner's clock, the stored received_at from the ingest's (the same clock here), so
   * this only covers events whose queued entry this feed never saw (put back from the journal).
   */
  static final Duration READ_BACK_MARGIN = Duration.ofMinutes(1);

  private static final String LIVE = "L";
  private static final String READING_BACK = "C";

  /** One arrival and the floor when it was recorded. */
  private record Entry(long seq, Arrival arrival, Instant floor) {}

  private final String epoch;
  private final Clock clock;
  private final StoredSince tables;
  private final Entry[] ring = new Entry[MAX_ENTRIES];

  /** Queued arrivals not decided yet, oldest first: what a floor waits for. */
  private final Map<String, Arrival> pending = new LinkedHashMap<>();

  private long first = 1;
  private long next = 1;

  LocalArrivals(StoredSince tables, Clock clock) {
    byte[] random = new byte[6];
    new SecureRandom().nextBytes(random);
    this.epoch = HexFormat.of().formatHex(random);
    this.tables = tables;
    this.clock = clock;
  }

  @Override
  public List<Outcome> outcomes() {
    return List.of(Outcome.QUEUED, Outcome.STORED, Outcome.INVALID, Outcome.DUPLICATE);
  }

  /** Adds what a tap saw, and wakes the readers waiting for it. */
  synchronized void record(Arrival arrival) {
    Instant now = clock.instant();
    if (arrival.outcome() == Outcome.QUEUED) {
      pending.putIfAbsent(arrival.id(), arrival);
    } else {
      pending.remove(arrival.id());
    }
    forgetUndecidedBefore(now.minus(KEPT_FOR));
    Entry entry = new Entry(next, arrival, floor(now));
    ring[(int) (next % MAX_ENTRIES)] = entry;
    next++;
    if (next - first > MAX_ENTRIES) {
      first = next - MAX_ENTRIES;
    }
    while (first < next && entryAt(first).arrival().recordedAt().isBefore(now.minus(KEPT_FOR))) {
      first++;
    }
    notifyAll();
  }

  @Override
  public synchronized String start(Instant from) {
    return live(first - 1, from, from);
  }

  @Override
  public Read read(String position, int max) {
    String[] parts = position.split("\\|", -1);
    if (parts.length == 4 && parts[0].equals(READING_BACK)) {
      return readBack(instant(parts[1]), instant(parts[2]), parts[3], max);
    }
    if (parts.length != 5 || !parts[0].equals(LIVE)) {
      throw new IllegalArgumentException("not a local feed position");
    }
    Instant from = instant(parts[3]);
    Instant floor = instant(parts[4]);
    if (!parts[1].equals(epoch)) {
      return readBack(from, floor.minus(READ_BACK_MARGIN), "", max);
    }
    return readLive(number(parts[2]), from, floor, max);
  }

  private synchronized Read readLive(long after, Instant from, Instant floor, int max) {
    Optional<Resumed> resumed = Optional.empty();
    if (after < first - 1) {
      resumed =
          Optional.of(
              new Resumed(
                  "overflow",
                  (first - 1 - after)
                      + " arrivals were dropped from the local feed before this cursor read them:"
                      + " it holds the last "
                      + MAX_ENTRIES
                      + " of the last hour. Their stored events are in the tables (the query API)."));
      after = first - 1;
    }
    List<Step> steps = new ArrayList<>();
    long seq = after + 1;
    Instant lastFloor = floor;
    for (; seq < next && seq - after <= max; seq++) {
      Entry entry = entryAt(seq);
      lastFloor = entry.floor();
      if (!entry.arrival().receivedAt().isBefore(from)) {
        steps.add(new Step(entry.arrival(), live(seq, from, lastFloor)));
      }
    }
    return new Read(steps, live(seq - 1, from, lastFloor), seq < next, resumed);
  }

  /**
   * Reads what the tables stored since {@code floor} (and {@code from}), after {@code lastId} at
   * {@code floor}; once done, goes on at this feed's start.
   */
  private Read readBack(Instant from, Instant floor, String lastId, int max) {
    Instant since = floor.isAfter(from) ? floor : from;
    List<Arrival> stored = tables.since(since);
    List<Step> steps = new ArrayList<>();
    boolean more = false;
    for (Arrival arrival : stored) {
      int order = arrival.receivedAt().compareTo(floor);
      if (order < 0 || (order == 0 && arrival.id().compareTo(lastId) <= 0)) {
        continue;
      }
      if (steps.size() == max) {
        more = true;
        break;
      }
      steps.add(new Step(arrival, readingBack(from, arrival.receivedAt(), arrival.id())));
    }
    String end;
    synchronized (this) {
      end = more ? steps.getLast().after() : live(first - 1, from, floor(clock.instant()));
    }
    return new Read(
        steps,
        end,
        more,
        Optional.of(
            new Resumed(
                "restart",
                "make run restarted since this cursor was made: what was stored or kept as invalid"
                    + " meanwhile is read back from the tables; queued and duplicate entries from"
                    + " before the restart are not.")));
  }

  @Override
  public synchronized void await(String position, Instant until) throws InterruptedException {
    String[] parts = position.split("\\|", -1);
    if (parts.length != 5 || !parts[0].equals(LIVE) || !parts[1].equals(epoch)) {
      return;
    }
    long after = number(parts[2]);
    while (next - 1 <= after) {
      long left = Duration.between(clock.instant(), until).toMillis();
      if (left <= 0) {
        return;
      }
      wait(left);
    }
  }

  /** The floor now: the oldest undecided arrival's receipt, else now. */
  private Instant floor(Instant now) {
    Iterator<Arrival> oldest = pending.values().iterator();
    return oldest.hasNext() ? oldest.next().receivedAt() : now;
  }

  /**
   * An arrival never decided (its message dead-lettered) stops holding floors back after a while.
   */
  private void forgetUndecidedBefore(Instant cutoff) {
    pending.values().removeIf(arrival -> arrival.recordedAt().isBefore(cutoff));
  }

  private Entry entryAt(long seq) {
    return ring[(int) (seq % MAX_ENTRIES)];
  }

  private String live(long after, Instant from, Instant floor) {
    return String.join(
        "|",
        LIVE,
        epoch,
        Long.toString(after),
        EventTimestamps.format(from),
        EventTimestamps.format(floor));
  }

  private static String readingBack(Instant from, Instant floor, String lastId) {
    return String.join(
        "|", READING_BACK, EventTimestamps.format(from), EventTimestamps.format(floor), lastId);
  }

  private static Instant instant(String text) {
    return EventTimestamps.parse(text)
        .orElseThrow(() -> new IllegalArgumentException("not a time: " + text));
  }

  private static long number(String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a number: " + text, e);
    }
  }
}

package com.theeye.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the journal keeps, what it drops, and what it puts back at start, whatever a crash left. */
class EventJournalTest {

  private static final long SMALL_SEGMENTS = 64 * 1024;

  @TempDir Path folder;

  @Test
  void aDeadLetteredBodyComesBackOnceAsADeadLetterAndATornLineNotAtAll() throws Exception {
    Files.writeString(
        folder.resolve(EventJournal.segmentFileName(1)),
        """
        {"body":"a"}
        {"body":"b"}
        {"body":"a"}
        {"body":"torn by a cra
        {"body":"c"}
        """);
    Files.writeString(
        folder.resolve(EventJournal.DEAD_LETTERS),
        """
        {"dead_letter":"a","receive_count":5,"segment":1}
        {"dead_letter":"gone","receive_cou
        """);
    Files.writeString(
        folder.resolve(EventJournal.DEAD_LETTERS + ".partial"), "a rewrite cut short");

    try (EventJournal journal = EventJournal.open(folder, SMALL_SEGMENTS)) {
      PutBackTo queues = new PutBackTo(journal);

      assertEquals(List.of("b", "a", "c"), queues.bodies, "the other copy of a is replayed");
      assertEquals(List.of(new DeadLetter("a", 5)), queues.deadLetters);
      assertFalse(Files.exists(folder.resolve(EventJournal.DEAD_LETTERS + ".partial")));
    }
  }

  @Test
  void aMessageDeadLetteredBeforeACrashComesBackOnlyAsADeadLetter() throws Exception {
    try (EventJournal journal = EventJournal.open(folder, SMALL_SEGMENTS)) {
      sent(journal, List.of("stored", "dead", "queued"));
      journal.deleted("stored");
      journal.deadLettered("dead", 5);
    }

    try (EventJournal restarted = EventJournal.open(folder, SMALL_SEGMENTS)) {
      PutBackTo queues = new PutBackTo(restarted);

      assertFalse(queues.bodies.contains("dead"), "never replayed as a new message too");
      assertTrue(queues.bodies.contains("queued"), queues.bodies::toString);
      assertEquals(List.of(new DeadLetter("dead", 5)), queues.deadLetters);
    }
  }

  @Test
  void theSameBodyAcceptedAgainAfterItsDeadLetterIsReplayed() throws Exception {
    try (EventJournal journal = EventJournal.open(folder, SMALL_SEGMENTS)) {
      sent(journal, List.of("retried by its client"));
      journal.deadLettered("retried by its client", 5);
      journal.compact(() -> 1, () -> 1); // its segment goes: nothing there is on the queue
      sent(journal, List.of("retried by its client"));
    }

    try (EventJournal restarted = EventJournal.open(folder, SMALL_SEGMENTS)) {
      PutBackTo queues = new PutBackTo(restarted);

      assertEquals(List.of("retried by its client"), queues.bodies);
      assertEquals(List.of(new DeadLetter("retried by its client", 5)), queues.deadLetters);
    }
  }

  @Test
  void aRewriteReplacesEverythingWithWhatTheQueuesHold() throws Exception {
    try (EventJournal journal = EventJournal.open(folder, SMALL_SEGMENTS)) {
      sent(journal, List.of("stored long ago", "gone"));
      journal.deadLettered("gone", 5);

      journal.rewrite(
          new EventJournal.Contents(List.of("retrying"), List.of(new DeadLetter("dead", 3))));
      journal.deadLettered("dead later", 5);
    }

    try (EventJournal restarted = EventJournal.open(folder, SMALL_SEGMENTS)) {
      PutBackTo queues = new PutBackTo(restarted);

      assertEquals(List.of("retrying"), queues.bodies);
      assertEquals(
          List.of(new DeadLetter("dead", 3), new DeadLetter("dead later", 5)), queues.deadLetters);
    }
  }

  @Test
  void everyConcurrentAppendIsKeptWholeAndOnce() throws Exception {
    // Many sends share each force to disk; none may be lost, torn or merged with another.
    int sends = 200;
    try (EventJournal journal = EventJournal.open(folder, SMALL_SEGMENTS);
        ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < sends; i++) {
        String body = "{\"n\":" + i + "}";
        done.add(senders.submit(() -> sent(journal, List.of(body))));
      }
      for (Future<?> append : done) {
        append.get();
      }
    }

    try (EventJournal restarted = EventJournal.open(folder, SMALL_SEGMENTS)) {
      List<String> bodies = new PutBackTo(restarted).bodies;

      Set<String> expected = new HashSet<>();
      IntStream.range(0, sends).forEach(i -> expected.add("{\"n\":" + i + "}"));
      assertEquals(sends, bodies.size());
      assertEquals(expected, new HashSet<>(bodies));
    }
  }

  @Test
  void whatLeftTheQueueUnseenIsForgottenOnceTheQueueIsEmpty() throws Exception {
    try (EventJournal journal = EventJournal.open(folder, SMALL_SEGMENTS)) {
      sent(journal, List.of("purged by an operator"));

      journal.compact(() -> 0, () -> 0);

      assertEquals(0, journal.size(), "nothing is kept for an empty queue");
    }
  }

  /**
   * An hour of steady traffic, 200 messages a second, in steps of ten seconds (the runner's
   * watchdog compacts every second, which can only keep the journal shorter): the queue is never
   * empty (the processor is always a step behind), so only dropping what left the queue keeps the
   * journal short. It stays within what the queue holds and three segments while more than fifty
   * times that passes through it, and a crash at the end still puts back every message the queue
   * holds.
   */
  @Test
  void staysBoundedUnderAnHourOfSteadyTrafficAndStillPutsBackWhatTheQueueHolds() throws Exception {
    int perStep = 200 * 10;
    int behind = 1;
    Deque<List<String>> queue = new ArrayDeque<>();
    long stepBytes = 0;
    long written = 0;
    long largest = 0;
    long largestQueued = 0;
    try (EventJournal journal = EventJournal.open(folder, SMALL_SEGMENTS)) {
      for (int step = 0; step < 360; step++) {
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < perStep; i++) {
          bodies.add("{\"step\":" + step + ",\"n\":" + i + "}");
        }
        sent(journal, bodies);
        queue.addLast(bodies);
        stepBytes = Math.max(stepBytes, bytes(bodies));
        written += stepBytes;
        largestQueued = Math.max(largestQueued, queue.size() * stepBytes);
        largest = Math.max(largest, journal.size());
        if (queue.size() > behind) {
          queue.removeFirst().forEach(journal::deleted);
        }
        int depth = queue.stream().mapToInt(List::size).sum();
        journal.compact(() -> depth, () -> 0);
        largest = Math.max(largest, journal.size());
      }
    }
    long bound = 3 * SMALL_SEGMENTS + largestQueued;
    assertTrue(largest <= bound, "at most " + bound + " bytes, was " + largest);
    assertTrue(written > 50 * bound, written + " bytes passed through the journal");

    try (EventJournal afterACrash = EventJournal.open(folder, SMALL_SEGMENTS)) {
      Set<String> putBack = new HashSet<>(new PutBackTo(afterACrash).bodies);
      queue.forEach(
          bodies -> assertTrue(putBack.containsAll(bodies), "every queued message is put back"));
    }
  }

  /** What {@code bodies} take in the journal. */
  private static long bytes(List<String> bodies) {
    return bodies.stream().mapToLong(b -> JournalLines.body(b).length() + 1).sum();
  }

  /** Journals {@code bodies} and reports their send done, as the ingest's client does. */
  private static Void sent(EventJournal journal, List<String> bodies) throws Exception {
    journal.sent(journal.journal(bodies), Set.of());
    return null;
  }

  /** What a start puts back from the journal. */
  private static final class PutBackTo {
    final List<String> bodies = new ArrayList<>();
    final List<DeadLetter> deadLetters = new ArrayList<>();

    PutBackTo(EventJournal journal) throws Exception {
      journal.putBack(bodies::addAll, deadLetters::addAll);
    }
  }
}

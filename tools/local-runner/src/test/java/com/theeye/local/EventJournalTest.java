package com.theeye.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the journal gives back at start, whatever a crash left in it. */
class EventJournalTest {

  @TempDir Path folder;

  @Test
  void aDeadLetteredBodyComesBackOnceAsADeadLetterAndATornLineNotAtAll() throws Exception {
    Path file = folder.resolve("queue/journal.jsonl");
    Files.createDirectories(file.getParent());
    Files.writeString(
        file,
        """
        {"body":"a"}
        {"body":"b"}
        {"body":"a"}
        {"dead_letter":"a","receive_count":5}
        {"body":"torn by a cra
        {"body":"c"}
        """);
    Files.writeString(folder.resolve("queue/journal.jsonl.partial"), "a rewrite cut short");

    try (EventJournal journal = EventJournal.open(file)) {
      EventJournal.Contents contents = journal.contents();

      assertEquals(List.of("b", "a", "c"), contents.bodies(), "the other copy of a is replayed");
      assertEquals(List.of(new EventJournal.DeadLetter("a", 5)), contents.deadLetters());
      assertFalse(Files.exists(folder.resolve("queue/journal.jsonl.partial")));
    }
  }

  @Test
  void aRewriteReplacesEverythingWithWhatTheQueuesHold() throws Exception {
    Path file = folder.resolve("journal.jsonl");
    try (EventJournal journal = EventJournal.open(file)) {
      journal.add(
          new EventJournal.Contents(
              List.of("stored long ago"), List.of(new EventJournal.DeadLetter("gone", 5))));

      journal.rewrite(
          new EventJournal.Contents(
              List.of("retrying"), List.of(new EventJournal.DeadLetter("dead", 3))));
      journal.recordDeadLetter("dead later", 5);

      assertEquals(
          new EventJournal.Contents(
              List.of("retrying"),
              List.of(
                  new EventJournal.DeadLetter("dead", 3),
                  new EventJournal.DeadLetter("dead later", 5))),
          journal.contents());
    }
  }

  @Test
  void everyConcurrentAppendIsKeptWholeAndOnce() throws Exception {
    // Many sends share each force to disk; none may be lost, torn or merged with another.
    int sends = 200;
    try (EventJournal journal = EventJournal.open(folder.resolve("journal.jsonl"));
        ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < sends; i++) {
        String body = "{\"n\":" + i + "}";
        done.add(
            senders.submit(
                () -> {
                  journal.add(new EventJournal.Contents(List.of(body), List.of()));
                  return null;
                }));
      }
      for (Future<?> append : done) {
        append.get();
      }

      Set<String> expected = new HashSet<>();
      IntStream.range(0, sends).forEach(i -> expected.add("{\"n\":" + i + "}"));
      List<String> bodies = journal.contents().bodies();
      assertEquals(sends, bodies.size());
      assertEquals(expected, new HashSet<>(bodies));
    }
  }
}

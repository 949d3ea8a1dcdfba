package com.theeye.local;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * What earlier versions of the runner left in the data folder's {@code queue/}, taken into the
 * journal's folder at start, once: the single journal file ({@value #JOURNAL}, bodies and dead
 * letters in one file), and the files runners before any journal wrote at stop ({@value #QUEUED}
 * for the events queue, {@value #DEAD_LETTERS} for the dead letters). They are read as streams,
 * whatever their size, and the journal's folder appears whole or not at all: it is built beside,
 * then renamed into place, and only then are the old files removed.
 */
final class EarlierVersionFiles {

  static final String JOURNAL = "journal.jsonl";
  static final String QUEUED = "events.jsonl";
  static final String DEAD_LETTERS = "dead-letters.jsonl";

  private EarlierVersionFiles() {}

  /**
   * Takes what earlier versions left in {@code queueFolder} into {@code journalFolder}, unless that
   * folder exists: then they were taken in before a crash kept them from being removed.
   *
   * @return whether there was anything to take in
   */
  static boolean takeInto(Path queueFolder, Path journalFolder) throws IOException {
    List<Path> earlier = new ArrayList<>();
    for (String name : List.of(JOURNAL, QUEUED, DEAD_LETTERS)) {
      Path file = queueFolder.resolve(name);
      Files.deleteIfExists(JournalFile.partial(file)); // an earlier rewrite cut short
      if (Files.exists(file)) {
        earlier.add(file);
      }
    }
    if (earlier.isEmpty()) {
      return false;
    }
    if (!Files.isDirectory(journalFolder)) {
      Path partial = queueFolder.resolve(journalFolder.getFileName() + ".partial");
      deleteFolder(partial);
      Files.createDirectories(partial);
      build(queueFolder, partial);
      Files.move(partial, journalFolder, StandardCopyOption.ATOMIC_MOVE);
      JournalFile.forceFolder(queueFolder);
    }
    for (Path file : earlier) {
      Files.delete(file);
    }
    return true;
  }

  /**
   * Writes the journal's first segment and its dead letters from the earlier files, in one pass
   * each. A dead letter of the single journal names the first segment, where its body line now is:
   * as that journal did, the start then puts back a body a dead letter names as that dead letter
   * only.
   */
  private static void build(Path queueFolder, Path folder) throws IOException {
    long segment = 1;
    List<String> deadLetterLines = new ArrayList<>();
    try (LineWriter bodies =
        new LineWriter(folder.resolve(EventJournal.segmentFileName(segment)))) {
      JournalFile.readLines(
          queueFolder.resolve(JOURNAL),
          text -> {
            switch (JournalLines.read(text).orElse(null)) {
              case JournalLines.Body body -> bodies.write(text);
              case JournalLines.DeadLettered dead ->
                  deadLetterLines.add(
                      JournalLines.deadLetter(dead.deadLetter(), OptionalLong.of(segment)));
              case null -> {} // torn by a crash mid-append: no 202 was given for it
            }
          });
      JournalFile.readLines(
          queueFolder.resolve(QUEUED),
          text -> {
            if (JournalLines.read(text).orElse(null) instanceof JournalLines.Body) {
              bodies.write(text);
            }
          });
    }
    JournalFile.readLines(
        queueFolder.resolve(DEAD_LETTERS),
        text -> {
          if (JournalLines.read(text).orElse(null) instanceof JournalLines.Body(String body)) {
            deadLetterLines.add(
                JournalLines.deadLetter(new DeadLetter(body, 0), OptionalLong.empty()));
          }
        });
    try (LineWriter deadLetters = new LineWriter(folder.resolve(EventJournal.DEAD_LETTERS))) {
      deadLetterLines.forEach(deadLetters::write);
    }
    JournalFile.forceFolder(folder);
  }

  private static void deleteFolder(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return;
    }
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }

  /** Lines to a new file, forced to disk when closed. */
  private static final class LineWriter implements AutoCloseable {
    private final FileChannel channel;
    private final Writer out;
    private IOException failed;

    LineWriter(Path file) throws IOException {
      channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      out = new BufferedWriter(Channels.newWriter(channel, StandardCharsets.UTF_8));
    }

    /** Writes a line; a failure is thrown by {@link #close}, which a stream's callback cannot. */
    void write(String line) {
      if (failed != null) {
        return;
      }
      try {
        out.write(line);
        out.write('\n');
      } catch (IOException e) {
        failed = e;
      }
    }

    @Override
    public void close() throws IOException {
      try (channel;
          out) {
        if (failed != null) {
          throw failed;
        }
        out.flush();
        channel.force(true);
      }
    }
  }
}

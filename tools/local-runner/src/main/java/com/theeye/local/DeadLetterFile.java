package com.theeye.local;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BooleanSupplier;

/**
 * The {@link EventJournal}'s dead letters: one line per message that failed its last receive, with
 * its receive count and the segment its body line is in. Appends may run at once; emptying and
 * replacing the file wait for them, and they for it.
 */
final class DeadLetterFile implements AutoCloseable {

  private final Path path;
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private JournalFile file; // replaced under the write lock
  // A dead letter the disk refused: until both queues are empty, its body line is its only record.
  private volatile boolean missing;

  DeadLetterFile(Path path) throws IOException {
    this.path = path;
    this.file = JournalFile.open(path);
  }

  /** Every dead letter in the file, oldest first, with the segment its body line is in. */
  List<JournalLines.DeadLettered> read() throws IOException {
    List<JournalLines.DeadLettered> dead = new ArrayList<>();
    JournalFile.readLines(
        path,
        text -> {
          if (JournalLines.read(text).orElse(null) instanceof JournalLines.DeadLettered line) {
            dead.add(line);
          }
        });
    return dead;
  }

  /**
   * Appends a dead letter, on disk when this returns; a refusal is remembered ({@link #missing}).
   */
  void append(DeadLetter deadLetter, OptionalLong segment) throws IOException {
    lock.readLock().lock();
    try {
      file.append(List.of(JournalLines.deadLetter(deadLetter, segment)));
    } catch (IOException e) {
      missing = true;
      throw e;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Whether the disk refused a dead letter since the file was last emptied or replaced. */
  boolean missing() {
    return missing;
  }

  /**
   * Empties the file if {@code stillEmpty}, asked once no dead letter is being appended: one being
   * recorded has its message in flight on the events queue until after its line is written.
   */
  void emptyIf(BooleanSupplier stillEmpty) throws IOException {
    lock.writeLock().lock();
    try {
      if (stillEmpty.getAsBoolean()) {
        file.truncate();
        missing = false;
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Writes {@code deadLetters} beside the file, on disk; {@link #install} puts them in place. */
  Path prepare(List<DeadLetter> deadLetters) throws IOException {
    return JournalFile.prepare(
        path,
        deadLetters.stream().map(d -> JournalLines.deadLetter(d, OptionalLong.empty())).iterator());
  }

  /** Replaces the file with what {@link #prepare} wrote. */
  void install(Path prepared) throws IOException {
    lock.writeLock().lock();
    try {
      file.close();
      try {
        JournalFile.install(prepared, path);
        missing = false;
      } finally {
        file = JournalFile.open(path);
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public void close() throws IOException {
    lock.writeLock().lock();
    try {
      file.close();
    } finally {
      lock.writeLock().unlock();
    }
  }
}

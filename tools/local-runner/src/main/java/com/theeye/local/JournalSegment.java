package com.theeye.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One of the {@link EventJournal}'s files of body lines, known by its number. It is open once
 * appended to in this run, or when it was the newest at start; the older ones are only read back
 * and deleted.
 */
final class JournalSegment {

  private final long number;
  private final Path path;
  private JournalFile file;

  JournalSegment(long number, Path path) {
    this.number = number;
    this.path = path;
  }

  long number() {
    return number;
  }

  Path path() {
    return path;
  }

  /** Opens the file for appending, once. */
  JournalSegment opened() throws IOException {
    if (file == null) {
      file = JournalFile.open(path);
    }
    return this;
  }

  /** The file to append to; {@link #opened()} first. */
  JournalFile file() {
    return file;
  }

  long size() throws IOException {
    return file == null ? Files.size(path) : file.size();
  }

  void close() throws IOException {
    if (file != null) {
      file.close();
    }
  }
}

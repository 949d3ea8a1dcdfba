package com.theeye.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal's durable line file: what is read back of what a crash left. */
class JournalFileTest {

  @TempDir Path folder;

  @Test
  void appendedLinesAreReadBackInOrderAndAppendsContinueAfterAReopen() throws Exception {
    Path file = folder.resolve("lines.jsonl");
    try (JournalFile journal = JournalFile.open(file)) {
      journal.append(List.of("one", "two"));
    }
    try (JournalFile journal = JournalFile.open(file)) {
      journal.append(List.of("three"));
    }

    assertEquals(List.of("one", "two", "three"), read(file));
  }

  @Test
  void zerosACrashLeftAnOverLongLineAndACutLastLineAreSkipped() throws Exception {
    Path file = folder.resolve("lines.jsonl");
    try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
      out.write("before\n".getBytes(StandardCharsets.UTF_8));
      out.write(new byte[3 * 1024 * 1024]); // a hole of zeros where unforced data never arrived
      out.write("between\n".getBytes(StandardCharsets.UTF_8));
      out.write("x".repeat(JournalFile.MAX_LINE_BYTES + 1).getBytes(StandardCharsets.UTF_8));
      out.write("\nafter\ncut short by a cra".getBytes(StandardCharsets.UTF_8));
    }

    assertEquals(List.of("before", "between", "after"), read(file));
  }

  @Test
  void aDeviceThatReadsWithoutEndIsReadForTheSizeItHas() throws Exception {
    Path full = Path.of("/dev/full");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(full), "/dev/full (Linux)");

    assertEquals(List.of(), read(full));
  }

  private static List<String> read(Path file) throws Exception {
    List<String> lines = new ArrayList<>();
    JournalFile.readLines(file, lines::add);
    return lines;
  }
}

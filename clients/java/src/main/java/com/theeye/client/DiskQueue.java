package com.theeye.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The buffer's events on disk, so that a restart of the host application (a deploy, a crash, kill
 * -9) sends what it had not sent. A journal: every event the buffer takes is appended as a line
 * {@code <sequence> <json>} to a segment file before {@code track} returns; since the sender
 * answers events in sequence order, what was answered is a prefix, recorded in the file {@code
 * answered} after each batch, and a segment is deleted once all of it was answered. A restart reads
 * the lines after that prefix back into the buffer. Writes are not forced to the device: they
 * survive the process, not a power loss. One client at a time: the directory is locked.
 *
 * <p>Not thread-safe: {@link EventBuffer} calls it under its lock.
 */
final class DiskQueue implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(TheEyeClient.class.getName());
  private static final String SEGMENT_PREFIX = "segment-";
  private static final String ANSWERED = "answered";

  /** A line read back at start: an event not yet answered when the last client stopped. */
  record Line(long sequence, String json) {}

  private static final class Segment {
    final Path path;
    long lastSequence;
    long size;

    Segment(Path path, long lastSequence, long size) {
      this.path = path;
      this.lastSequence = lastSequence;
      this.size = size;
    }
  }

  private final Path directory;
  private final long maxBytes;
  private final long segmentBytes;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final ArrayDeque<Segment> segments = new ArrayDeque<>(); // oldest first
  private final List<Line> unanswered;
  private FileChannel current; // the last segment's, open for appending; null until the next append
  private long bytes;
  private long answered;
  private boolean failing;

  private DiskQueue(Path directory, long maxBytes) throws IOException {
    this.directory = directory;
    this.maxBytes = maxBytes;
    // Segments small enough that a partly answered one holds little of the bound.
    this.segmentBytes = Math.max(4096, maxBytes / 16);
    Files.createDirectories(directory);
    this.lockChannel =
        FileChannel.open(
            directory.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock taken;
    try {
      taken = lockChannel.tryLock();
    } catch (OverlappingFileLockException sameJvm) {
      taken = null;
    }
    if (taken == null) {
      lockChannel.close();
      throw new IllegalStateException(
          "another TheEyeClient uses the disk queue "
              + directory
              + ": give each its own directory");
    }
    this.lock = taken;
    Path answeredFile = directory.resolve(ANSWERED);
    this.answered =
        Files.exists(answeredFile) ? Long.parseLong(Files.readString(answeredFile).strip()) : 0;
    this.unanswered = readSegments();
  }

  /**
   * Opens (or creates) the directory and reads back what was not answered.
   *
   * @throws IllegalStateException when another client holds the directory
   * @throws UncheckedIOException when it cannot be read or written
   */
  static DiskQueue open(Path directory, long maxBytes) {
    try {
      return new DiskQueue(directory, maxBytes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot use the disk queue " + directory, e);
    }
  }

  /** The events the last client left unanswered, oldest first. */
  List<Line> unanswered() {
    return unanswered;
  }

  /** The highest sequence number on disk or answered: new events are numbered after it. */
  long lastSequence() {
    return Math.max(answered, segments.isEmpty() ? 0 : segments.getLast().lastSequence);
  }

  /**
   * Appends an event before it is queued. Answers false when the directory is at its bound (the
   * event is then dropped); when the disk fails, the event is kept in memory only (logged once).
   */
  boolean append(long sequence, String json) {
    byte[] line = (sequence + " " + json + "\n").getBytes(StandardCharsets.UTF_8);
    if (bytes + line.length > maxBytes) {
      return false;
    }
    try {
      if (current == null || segments.getLast().size >= segmentBytes) {
        startSegment(sequence);
      }
      ByteBuffer buffer = ByteBuffer.wrap(line);
      while (buffer.hasRemaining()) {
        current.write(buffer);
      }
      Segment last = segments.getLast();
      last.size += line.length;
      last.lastSequence = sequence;
      bytes += line.length;
      failing = false;
    } catch (IOException e) {
      if (!failing) {
        LOG.log(
            Level.WARNING,
            "The Eye client cannot write its disk queue {0}: events kept in memory"
                + " only until it can ({1})",
            directory,
            e.toString());
      }
      failing = true;
    }
    return true;
  }

  /** Every event up to {@code sequence} was answered: recorded, and whole segments deleted. */
  void answeredThrough(long sequence) {
    if (sequence <= answered) {
      return;
    }
    answered = sequence;
    try {
      Path written =
          Files.writeString(directory.resolve(ANSWERED + ".new"), Long.toString(sequence));
      Files.move(
          written,
          directory.resolve(ANSWERED),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
      while (!segments.isEmpty() && segments.getFirst().lastSequence <= answered) {
        if (segments.size() == 1 && current != null) {
          current.close();
          current = null;
        }
        Segment done = segments.removeFirst();
        Files.deleteIfExists(done.path);
        bytes -= done.size;
      }
    } catch (IOException e) {
      // The next batch records a later prefix; until then a restart sends these again, harmlessly.
      LOG.log(
          Level.WARNING,
          "The Eye client cannot record answered events in {0} ({1})",
          directory,
          e.toString());
    }
  }

  @Override
  public void close() {
    try {
      if (current != null) {
        current.close();
      }
      lock.release();
      lockChannel.close();
    } catch (IOException e) {
      LOG.log(
          Level.WARNING,
          "The Eye client cannot close its disk queue {0} ({1})",
          directory,
          e.toString());
    }
  }

  private void startSegment(long firstSequence) throws IOException {
    if (current != null) {
      current.close();
    }
    Path path = directory.resolve(String.format("%s%020d", SEGMENT_PREFIX, firstSequence));
    current = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    segments.addLast(new Segment(path, firstSequence, 0));
  }

  /**
   * Reads every segment, oldest first. A last line without its newline was cut by a crash while it
   * was written: that event was never queued, so it is skipped. New events go to a new segment.
   */
  private List<Line> readSegments() throws IOException {
    List<Path> paths;
    try (Stream<Path> files = Files.list(directory)) {
      paths =
          files
              .filter(path -> path.getFileName().toString().startsWith(SEGMENT_PREFIX))
              .sorted()
              .toList();
    }
    List<Line> lines = new ArrayList<>();
    for (Path path : paths) {
      String text = Files.readString(path, StandardCharsets.UTF_8);
      long last = 0;
      int start = 0;
      for (int end; (end = text.indexOf('\n', start)) >= 0; start = end + 1) {
        String line = text.substring(start, end);
        int space = line.indexOf(' ');
        long sequence = Long.parseLong(line.substring(0, space));
        last = sequence;
        if (sequence > answered) {
          lines.add(new Line(sequence, line.substring(space + 1)));
        }
      }
      long size = Files.size(path);
      if (last <= answered) {
        Files.delete(path);
      } else {
        segments.addLast(new Segment(path, last, size));
        bytes += size;
      }
    }
    return lines;
  }
}

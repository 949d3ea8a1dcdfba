package com.theeye.local;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Iterator;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A file of text lines that survives a crash: an append returns only once its lines are on disk, a
 * line a crash or a full disk cut short is skipped when the file is read, and the file is read as a
 * stream, whatever its size. It knows nothing of what the lines mean ({@link EventJournal} does).
 *
 * <p>Appends share their forces to disk (group commit): a force takes 10-20 ms on a virtual disk,
 * and one force per append under one lock capped the local API near 100 requests/s. An append only
 * writes its lines; one force then makes every line written before it durable, and the appends that
 * waited behind it find their lines already are.
 */
final class JournalFile implements AutoCloseable {

  /**
   * Lines longer than this are not read back. The longest real line is an SQS message of at most 1
   * MiB with every character escaped (6 bytes each); anything longer is what a crash left behind,
   * such as the run of NUL bytes a file system may leave where unforced data never arrived.
   */
  static final int MAX_LINE_BYTES = 8 * 1024 * 1024;

  private static final int READ_BYTES = 1024 * 1024;
  private static final byte[] ZEROS = new byte[READ_BYTES];

  private final Path path;
  private final FileChannel channel;
  private final Object appendLock = new Object();
  // Guarded by appendLock: whether a failed append left a torn line at the end of the file.
  private boolean tornTail;
  // Guarded by appendLock: bytes ever appended, so that forces can tell whose lines they covered.
  private long appended;
  private final ReentrantLock forcing = new ReentrantLock();
  private long forced; // guarded by forcing

  private JournalFile(Path path, FileChannel channel) {
    this.path = path;
    this.channel = channel;
  }

  /** Opens {@code path} for appending, creating it when missing. */
  static JournalFile open(Path path) throws IOException {
    return new JournalFile(
        path,
        FileChannel.open(
            path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND));
  }

  Path path() {
    return path;
  }

  /** The file's size in bytes, lines written but not yet forced included. */
  long size() throws IOException {
    return channel.size();
  }

  /**
   * Appends {@code lines} (each without its line break) and returns once they are on disk. When the
   * disk refuses, whatever part of them it took is cut off again and the exception is thrown: no
   * line is then half in the file.
   */
  void append(Iterable<String> lines) throws IOException {
    long end;
    synchronized (appendLock) {
      StringBuilder text = new StringBuilder();
      // After a failed append the file may still end in a torn line (the cut itself can fail): a
      // line break of its own keeps that line from swallowing this one.
      if (tornTail) {
        text.append('\n');
      }
      lines.forEach(line -> text.append(line).append('\n'));
      ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
      long before = channel.size();
      try {
        while (bytes.hasRemaining()) {
          channel.write(bytes);
        }
      } catch (IOException e) {
        // A full disk takes what fits of a line, then refuses the rest.
        tornTail = true;
        try {
          channel.truncate(before);
        } catch (IOException cut) {
          e.addSuppressed(cut);
        }
        throw e;
      }
      tornTail = false;
      appended += bytes.limit();
      end = appended;
    }
    forceUpTo(end);
  }

  /** Empties the file, durably; for when nothing it holds is needed any more. */
  void truncate() throws IOException {
    synchronized (appendLock) {
      channel.truncate(0);
      channel.force(true);
      tornTail = false;
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  /** Returns once the first {@code end} bytes ever appended are on disk. */
  private void forceUpTo(long end) throws IOException {
    forcing.lock();
    try {
      if (forced >= end) {
        return; // a force that ran while this append waited covered its lines
      }
      long target;
      synchronized (appendLock) {
        target = appended;
      }
      channel.force(false);
      forced = target;
    } finally {
      forcing.unlock();
    }
  }

  /**
   * Hands each whole line of {@code file} to {@code action}, oldest first, reading it as a stream.
   * Only the bytes the file holds when the read starts are read: a device such as /dev/full reads
   * without end. A NUL byte ends a line as a line break does (JSON text never holds one), so that
   * the zeros a crash may leave cost no memory; lines over {@link #MAX_LINE_BYTES} are skipped.
   */
  static void readLines(Path file, Consumer<String> action) throws IOException {
    long left = Files.exists(file) ? Files.size(file) : 0;
    if (left == 0) {
      return;
    }
    byte[] bytes = new byte[READ_BYTES];
    LineBuffer line = new LineBuffer();
    try (BlockReader in = BlockReader.open(file)) {
      while (left > 0) {
        int read = in.read(bytes, (int) Math.min(bytes.length, left));
        if (read <= 0) {
          break;
        }
        left -= read;
        if (Arrays.mismatch(bytes, 0, read, ZEROS, 0, read) < 0) {
          line.end(action); // only NUL bytes, as in a hole a crash left: skipped a block at a time
          continue;
        }
        int start = 0;
        for (int i = 0; i < read; i++) {
          if (bytes[i] == '\n' || bytes[i] == 0) {
            line.add(bytes, start, i - start);
            line.end(action);
            start = i + 1;
          }
        }
        line.add(bytes, start, read - start);
      }
      // A last line without its line break was cut short: its append never returned.
    }
  }

  /**
   * Replaces {@code file} with {@code lines}, atomically: they are written to a file of their own,
   * forced to disk and renamed into place, so a crash or a full disk leaves the old file whole, and
   * no partial file behind.
   */
  static void replace(Path file, Iterator<String> lines) throws IOException {
    install(prepare(file, lines), file);
  }

  /**
   * The first half of {@link #replace}: {@code lines} written beside {@code file} and forced to
   * disk; returns where. Nothing is left behind when the disk refuses.
   */
  static Path prepare(Path file, Iterator<String> lines) throws IOException {
    Path partial = partial(file);
    try (FileChannel out =
        FileChannel.open(
            partial,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      while (lines.hasNext()) {
        ByteBuffer bytes = ByteBuffer.wrap((lines.next() + "\n").getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
          out.write(bytes);
        }
      }
      out.force(true);
    } catch (IOException e) {
      Files.deleteIfExists(partial);
      throw e;
    }
    return partial;
  }

  /** The second half of {@link #replace}: {@code prepared} renamed over {@code file}, durably. */
  static void install(Path prepared, Path file) throws IOException {
    Files.move(prepared, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    forceFolder(file.getParent());
  }

  /** Where {@link #replace} writes before the rename; a crash may leave one behind. */
  static Path partial(Path file) {
    return file.resolveSibling(file.getFileName() + ".partial");
  }

  /** Makes renames and deletions durable, where the platform lets a folder be opened (Linux). */
  static void forceFolder(Path folder) {
    try (FileChannel directory = FileChannel.open(folder, StandardOpenOption.READ)) {
      directory.force(true);
    } catch (IOException e) {
      // Elsewhere a rename is still atomic; only its survival of a power cut is less certain.
    }
  }

  /**
   * Reads a file a megabyte at a time, past the page cache where the file system allows (O_DIRECT,
   * Linux): read once at start, a journal need not stay cached, and the holes of a sparse file then
   * read as zeros without the kernel filling gigabytes of cache with them first (seconds, not
   * minutes, for a 2 GiB hole on a busy machine). Elsewhere, tmpfs say, it reads through the cache.
   */
  private static final class BlockReader implements AutoCloseable {
    private static final int ALIGNMENT = 4096;

    private final FileChannel channel;
    private final ByteBuffer buffer;

    private BlockReader(FileChannel channel) {
      this.channel = channel;
      this.buffer = ByteBuffer.allocateDirect(READ_BYTES + ALIGNMENT).alignedSlice(ALIGNMENT);
    }

    static BlockReader open(Path file) throws IOException {
      try {
        BlockReader direct =
            new BlockReader(
                FileChannel.open(file, StandardOpenOption.READ, ExtendedOpenOption.DIRECT));
        try {
          direct.channel.read(direct.buffer.clear(), 0); // refused here if the file system cannot
          return direct;
        } catch (IOException refused) {
          direct.close();
        }
      } catch (IOException | UnsupportedOperationException notHere) {
        // no O_DIRECT on this platform or file system
      }
      return new BlockReader(FileChannel.open(file, StandardOpenOption.READ));
    }

    /** Reads up to {@code max} bytes into {@code bytes}; the count read, or -1 at the end. */
    int read(byte[] bytes, int max) throws IOException {
      buffer.clear();
      int read = channel.read(buffer);
      if (read <= 0) {
        return read;
      }
      buffer.flip();
      int taken = Math.min(read, max);
      buffer.get(bytes, 0, taken);
      return taken;
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }

  /** The bytes of the line being read, dropped once they pass {@link #MAX_LINE_BYTES}. */
  private static final class LineBuffer {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private boolean tooLong;

    void add(byte[] buffer, int from, int length) {
      if (tooLong || length == 0) {
        return;
      }
      if (bytes.size() + length > MAX_LINE_BYTES) {
        tooLong = true;
        bytes.reset();
        return;
      }
      bytes.write(buffer, from, length);
    }

    void end(Consumer<String> action) {
      if (!tooLong && bytes.size() > 0) {
        action.accept(bytes.toString(StandardCharsets.UTF_8));
      }
      bytes.reset();
      tooLong = false;
    }
  }
}

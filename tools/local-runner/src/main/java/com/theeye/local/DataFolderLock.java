package com.theeye.local;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * One runner per data folder. Two runners on one folder would share dynalite's LevelDB (whose own
 * lock then fails the second mid-start) and append to one journal. So a runner takes an exclusive
 * lock on {@value #NAME} in its data folder before it starts anything, and holds it until it has
 * stopped. The operating system releases it when the process ends, however it ends, so a runner
 * killed with {@code kill -9} leaves no stale lock behind. The holder's process id is written in
 * the file, so the next one can say who holds it.
 */
final class DataFolderLock implements AutoCloseable {

  static final String NAME = "runner.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private DataFolderLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the data folder's lock.
   *
   * @throws LocalEye.StartupException when another runner holds it, or the folder cannot be made
   */
  static DataFolderLock take(Path dataFolder) {
    Path file = dataFolder.resolve(NAME);
    FileChannel channel;
    try {
      Files.createDirectories(dataFolder);
      channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new LocalEye.StartupException(
          "cannot create the data folder "
              + dataFolder
              + " or its "
              + NAME
              + ": "
              + e.getMessage());
    }
    try {
      FileLock lock = tryLock(channel);
      if (lock == null) {
        String holder = holder(channel).map(pid -> " (process " + pid + ")").orElse("");
        channel.close();
        throw new LocalEye.StartupException(
            "another runner"
                + holder
                + " is using the data folder "
                + dataFolder
                + ": stop it first, or give this one a folder of its own with EYE_DATA_DIR (and a"
                + " port of its own with EYE_PORT)");
      }
      channel.truncate(0);
      channel.write(
          ByteBuffer.wrap(
              (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)),
          0);
      return new DataFolderLock(channel, lock);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new LocalEye.StartupException("cannot lock " + file + ": " + e.getMessage());
    }
  }

  /** Releases the lock, for the next runner. */
  @Override
  public void close() throws IOException {
    try (channel) {
      lock.release();
    }
  }

  /** Null when another process holds it, or this JVM does (a second runner in one test JVM). */
  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException heldInThisJvm) {
      return null;
    }
  }

  private static Optional<String> holder(FileChannel channel) {
    try {
      ByteBuffer bytes = ByteBuffer.allocate(32);
      channel.read(bytes, 0);
      String pid =
          new String(bytes.array(), 0, bytes.position(), StandardCharsets.US_ASCII).strip();
      return pid.matches("\\d+") ? Optional.of(pid) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // the lock was not taken; nothing is left to release
    }
  }
}

package com.theeye.calls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * This JVM's recording: {@code calls-<pid>.jsonl} in the recording folder, one line per distinct
 * call, each written at once (a runner a test kills keeps what it recorded). Repeats of a line are
 * not written again: the check asks what was called, not how often.
 */
final class CallLogFile implements Consumer<RecordedCall> {

  private final Path file;
  private final Set<String> written = ConcurrentHashMap.newKeySet();
  private FileChannel channel;

  private CallLogFile(Path file) {
    this.file = file;
  }

  /** The file for this JVM in {@code folder}, or {@code null} (record nothing) when it is unset. */
  static CallLogFile forThisJvm(String folder) {
    if (folder == null || folder.isBlank()) {
      return null;
    }
    return Holder.instance(Path.of(folder));
  }

  @Override
  public void accept(RecordedCall call) {
    String line = call.toJson();
    if (written.add(line)) {
      append(line);
    }
  }

  private synchronized void append(String line) {
    try {
      if (channel == null) {
        Files.createDirectories(file.getParent());
        channel =
            FileChannel.open(
                file,
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
      }
      ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
    } catch (IOException e) {
      // A recording with a hole would pass a check it should fail: stop the call instead.
      throw new UncheckedIOException("cannot record an AWS call into " + file, e);
    }
  }

  /** One file per JVM and folder, shared by every client's recorder. */
  private static final class Holder {
    private static final ConcurrentHashMap<Path, CallLogFile> FILES = new ConcurrentHashMap<>();

    static CallLogFile instance(Path folder) {
      return FILES.computeIfAbsent(
          folder.toAbsolutePath().normalize(),
          f -> new CallLogFile(f.resolve("calls-" + ProcessHandle.current().pid() + ".jsonl")));
    }
  }
}

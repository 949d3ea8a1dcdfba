package com.theeye.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The key the local query function signs cursors with, kept in the data folder ({@code
 * cursor-key}): made at the first start, read at every later one, so a cursor outlives a restart of
 * {@code make run} as it outlives a deploy on AWS (where the key is a secret). The inspector and
 * {@code make tail} go on from their cursor when the runner comes back, and nothing is missed.
 * Deleting the file (or the folder) refuses every earlier cursor, as two rotations would.
 */
final class LocalCursorKey {

  static final String FILE = "cursor-key";

  private LocalCursorKey() {}

  /** The key in {@code dataDirectory}, made there first if it has none. */
  static String in(Path dataDirectory) {
    Path file = dataDirectory.resolve(FILE);
    try {
      if (Files.isRegularFile(file)) {
        String key = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (key.length() >= 32) {
          return key;
        }
      }
      byte[] random = new byte[32];
      new SecureRandom().nextBytes(random);
      String key = HexFormat.of().formatHex(random);
      Path written = Files.writeString(dataDirectory.resolve(FILE + ".new"), key);
      if (Files.getFileStore(written).supportsFileAttributeView("posix")) {
        Files.setPosixFilePermissions(written, PosixFilePermissions.fromString("rw-------"));
      }
      Files.move(written, file, StandardCopyOption.REPLACE_EXISTING);
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the cursor key in " + file, e);
    }
  }
}

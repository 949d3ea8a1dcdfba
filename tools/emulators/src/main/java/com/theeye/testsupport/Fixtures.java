package com.theeye.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The checkout's files that tests share with operators: events/, schemas/, template.yaml. */
public final class Fixtures {

  private Fixtures() {}

  /**
   * The checkout root: the {@code eye.root} property Maven sets, else the nearest folder holding
   * {@code events/}.
   */
  public static Path repoRoot() {
    String configured = System.getProperty("eye.root");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured).toAbsolutePath().normalize();
    }
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      if (Files.isDirectory(dir.resolve("events")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
        return dir;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException("cannot find the checkout root: set -Deye.root");
  }

  /**
   * The text of a file, by its path from the checkout root, e.g. {@code
   * events/ingest/pageview-v2.json}.
   */
  public static String read(String relativePath) {
    try {
      return Files.readString(repoRoot().resolve(relativePath), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read fixture " + relativePath, e);
    }
  }
}

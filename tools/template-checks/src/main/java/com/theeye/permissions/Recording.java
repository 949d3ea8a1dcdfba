package com.theeye.permissions;

import com.theeye.calls.RecordedCall;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The calls recorded into a folder by {@code com.theeye.calls.AwsCallRecorder}: every {@code
 * *.jsonl} file in it, one per JVM that made AWS calls.
 */
record Recording(Path folder, int files, List<RecordedCall> calls) {

  Recording {
    calls = List.copyOf(calls);
  }

  static Recording load(Path folder) {
    if (!Files.isDirectory(folder)) {
      return new Recording(folder, 0, List.of());
    }
    List<RecordedCall> calls = new ArrayList<>();
    int files = 0;
    try (Stream<Path> listing = Files.list(folder)) {
      for (Path file : listing.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList()) {
        files++;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          if (!line.isBlank()) {
            calls.add(RecordedCall.fromJson(line));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the recording in " + folder, e);
    }
    return new Recording(folder, files, calls);
  }
}

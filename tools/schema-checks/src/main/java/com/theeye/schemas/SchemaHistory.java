package com.theeye.schemas;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The committed versions of the schemas, read from git: {@code git log} for the commits that
 * touched a file, {@code git show <commit>:<file>} for its text then. Where the history is not
 * there to read (no git, not a checkout, a shallow clone), {@link #unavailable()} says why, so the
 * gate can skip instead of failing on a history it cannot see.
 */
public final class SchemaHistory {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path checkout;

  public SchemaHistory(Path checkout) {
    this.checkout = checkout;
  }

  /** Why the history cannot be read here, or empty when it can. */
  public Optional<String> unavailable() {
    Git inside;
    try {
      inside = git("rev-parse", "--is-inside-work-tree");
    } catch (IOException e) {
      return Optional.of("git cannot be run here (" + e.getMessage() + ")");
    }
    if (inside.exit() != 0 || !inside.output().strip().equals("true")) {
      return Optional.of(checkout + " is not a git checkout: no history of schemas/ to compare");
    }
    try {
      Git shallow = git("rev-parse", "--is-shallow-repository");
      if (shallow.output().strip().equals("true")) {
        return Optional.of(
            "shallow clone: the history of schemas/ is cut off (git fetch --unshallow to check)");
      }
      Git head = git("rev-parse", "--verify", "--quiet", "HEAD");
      if (head.exit() != 0) {
        return Optional.of("no commit yet: nothing to compare with");
      }
    } catch (IOException e) {
      return Optional.of("git cannot be run here (" + e.getMessage() + ")");
    }
    return Optional.empty();
  }

  /**
   * The last committed version of {@code file} (relative to the checkout) that differs from {@code
   * now} as JSON; empty when no commit holds a different one (a new file, or no change). Call only
   * when {@link #unavailable()} is empty.
   */
  public Optional<JsonNode> lastDifferentVersion(String file, JsonNode now) throws IOException {
    Git log = git("log", "--format=%H", "--", file);
    if (log.exit() != 0) {
      throw new IOException("git log failed for " + file + ": " + log.output());
    }
    List<String> commits = log.output().lines().filter(l -> !l.isBlank()).toList();
    for (String commit : commits) {
      Git show = git("show", commit + ":" + file);
      if (show.exit() != 0) {
        continue; // the commit deleted the file
      }
      JsonNode then;
      try {
        then = JSON.readTree(show.output());
      } catch (JsonProcessingException e) {
        continue; // a committed version that was not JSON cannot be compared with
      }
      if (!then.equals(now)) {
        return Optional.of(then);
      }
    }
    return Optional.empty();
  }

  private record Git(int exit, String output) {}

  private Git git(String... args) throws IOException {
    List<String> command =
        Stream.concat(Stream.of("git", "-C", checkout.toString()), Stream.of(args)).toList();
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException("git " + String.join(" ", args) + " took more than 30 s");
      }
      return new Git(process.exitValue(), output);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IOException("interrupted while running git", e);
    }
  }
}

package com.theeye.schemas;

import static com.theeye.schemas.SchemaCompatibilityTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading committed schema versions from real git repositories made in a temporary folder. */
class SchemaHistoryTest {

  private static final String FILE = "schemas/a/b.json";

  @TempDir Path dir;

  @Test
  void aFolderWithoutGitHasNoHistoryAndSaysWhy() {
    Optional<String> why = new SchemaHistory(dir).unavailable();
    assertTrue(why.orElseThrow().contains("not a git checkout"), why::get);
  }

  @Test
  void aShallowCloneHasNoHistoryAndSaysWhy() throws Exception {
    Path origin = repositoryWithTwoVersions();
    Path clone = dir.resolve("shallow");
    git(dir, "clone", "--quiet", "--depth", "1", origin.toUri().toString(), clone.toString());
    Optional<String> why = new SchemaHistory(clone).unavailable();
    assertTrue(why.orElseThrow().startsWith("shallow clone"), why::get);
  }

  @Test
  void aFreshFullCloneFindsTheLastVersionThatDiffers() throws Exception {
    Path origin = repositoryWithTwoVersions();
    Path clone = dir.resolve("full");
    git(dir, "clone", "--quiet", origin.toUri().toString(), clone.toString());
    SchemaHistory history = new SchemaHistory(clone);

    assertEquals(Optional.empty(), history.unavailable());
    var current = json(Files.readString(clone.resolve(FILE)));
    assertEquals(Optional.of(json(v1())), history.lastDifferentVersion(FILE, current));
    assertEquals(Optional.empty(), history.lastDifferentVersion("schemas/a/new.json", json("{}")));
  }

  private Path repositoryWithTwoVersions() throws Exception {
    Path repo = dir.resolve("origin");
    Files.createDirectories(repo.resolve("schemas/a"));
    git(repo, "init", "--quiet");
    commit(repo, v1(), "v1");
    commit(repo, v1().replace("1-0-0", "1-0-1").replace("[\"host\"]", "[]"), "v2");
    return repo;
  }

  private static String v1() {
    return "{\"version\": \"1-0-0\", \"type\": \"object\", \"required\": [\"host\"]}";
  }

  private static void commit(Path repo, String text, String message) throws Exception {
    Files.writeString(repo.resolve(FILE), text, StandardCharsets.UTF_8);
    git(repo, "add", FILE);
    git(
        repo,
        "-c",
        "user.name=test",
        "-c",
        "user.email=test@example.com",
        "commit",
        "--quiet",
        "-m",
        message);
  }

  private static void git(Path in, String... args) throws IOException, InterruptedException {
    List<String> command =
        Stream.concat(Stream.of("git", "-C", in.toString()), Stream.of(args)).toList();
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.waitFor(), () -> command + ": " + output);
  }
}

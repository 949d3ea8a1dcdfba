package com.theeye.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.theeye.local.LocalEye;
import com.theeye.local.LocalSettings;
import com.theeye.testsupport.Eventually;
import com.theeye.testsupport.Fixtures;
import com.theeye.testsupport.Markdown;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java examples a newcomer copies run as written: clients/java/README.md's {@code Example.java}
 * is run the way that README says ({@code java -cp <the client> Example.java}) against the local
 * runner, with only its port changed, and the event it sends is stored; the front door's Java
 * snippet is that example without some of its lines.
 */
class ReadmeExampleTest {

  private static final String MAKE_RUN = "http://127.0.0.1:8000";
  private static final Pattern PRINTED =
      Pattern.compile("accepted 1, refused 0: session ([0-9a-f-]{36})\\R?");

  @TempDir Path data;
  @TempDir Path source;

  @Test
  void theClientReadmesExampleRunsAndItsEventIsStored() throws Exception {
    String example = clientExample();
    assertTrue(example.contains(MAKE_RUN), "the example talks to make run on its default port");

    try (LocalEye eye = LocalEye.start(settings(), Fixtures.repoRoot())) {
      Path file = source.resolve("Example.java");
      Files.writeString(file, example.replace(MAKE_RUN, eye.baseUrl()));

      String printed = runWithTheClient(file);

      Matcher matcher = PRINTED.matcher(printed);
      assertTrue(matcher.matches(), printed);
      String stored =
          Eventually.await(
              Duration.ofSeconds(20),
              () -> get(eye.baseUrl() + "/api/v1/events/?session_id=" + matcher.group(1)),
              body -> body.contains("\"name\":\"submit\""),
              "the example's event stored");
      assertTrue(stored.contains("\"form\":{\"plan\":\"pro\"}"), stored);
    }
  }

  @Test
  void theFrontDoorsJavaSnippetIsPartOfTheExampleThatRuns() {
    List<Markdown.CodeBlock> snippets = Markdown.read("README.md").codeBlocks("java");
    assertEquals(1, snippets.size(), "README.md's Java examples");

    List<String> example = stripped(clientExample());
    List<String> snippet = stripped(snippets.getFirst().code());
    assertTrue(
        inOrder(snippet, example),
        "each line of README.md's Java snippet is in clients/java/README.md's Example.java, in"
            + " the same order:\n"
            + String.join("\n", snippet));
  }

  private static String clientExample() {
    List<Markdown.CodeBlock> blocks = Markdown.read("clients/java/README.md").codeBlocks("java");
    assertEquals(1, blocks.size(), "clients/java/README.md's Java examples");
    return blocks.getFirst().code();
  }

  /** Whether every line of {@code part} is in {@code whole}, in the same order. */
  private static boolean inOrder(List<String> part, List<String> whole) {
    int from = 0;
    for (String line : part) {
      int found = whole.subList(from, whole.size()).indexOf(line);
      if (found < 0) {
        return false;
      }
      from += found + 1;
    }
    return true;
  }

  private static List<String> stripped(String code) {
    return code.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
  }

  /** {@code java -cp <the client's classes> Example.java}: the JDK compiles and runs it. */
  private String runWithTheClient(Path file) throws IOException, InterruptedException {
    Path classes =
        Path.of(TheEyeClient.class.getProtectionDomain().getCodeSource().getLocation().getPath());
    String java = ProcessHandle.current().info().command().orElse("java");
    Path output = source.resolve("output.txt");
    Process process =
        new ProcessBuilder(java, "-cp", classes.toString(), file.toString())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    boolean ended = process.waitFor(120, TimeUnit.SECONDS);
    if (!ended) {
      process.destroyForcibly().waitFor();
    }
    String printed = Files.readString(output);
    assertTrue(ended, "Example.java did not end: " + printed);
    assertEquals(0, process.exitValue(), printed);
    return printed;
  }

  private static String get(String url) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Port 0: a free port, so the test runs beside a developer's `make run`. */
  private LocalSettings settings() {
    return new LocalSettings(
        "127.0.0.1",
        0,
        data,
        Optional.of(LocalSettings.SEED_APPLICATION),
        LocalSettings.QueueSettings.TEMPLATE_DEFAULTS,
        Duration.ofSeconds(10));
  }
}

package com.theeye.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.theeye.local.LocalEye;
import com.theeye.local.LocalSettings;
import com.theeye.testsupport.Eventually;
import com.theeye.testsupport.Fixtures;
import com.theeye.testsupport.Markdown;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Every {@code shell} block of the README and of docs/API.md runs, as written, against a local
 * runner: the examples say {@code make run}'s {@code 127.0.0.1:8000}, and only that port is changed
 * (to the free one the runner got). {@code curl} is run with {@code --fail-with-body}, so any
 * answer that is not 2xx fails the block; an answer the README shows (a {@code text} block that
 * starts with {@code HTTP/}, right after the example) must be the one the example gets. Before each
 * block the queue is drained, so a query sees what the blocks before it sent, as a reader's would.
 * Blocks that cannot run against {@code make run} (a deploy, AWS) are written as {@code text}.
 */
class ReadmeExamplesTest {

  private static final String MAKE_RUN = "127.0.0.1:8000";
  private static final Duration BLOCK_TIMEOUT = Duration.ofSeconds(60);

  /** Fails the block on the first command that fails, and on any answer that is not 2xx. */
  private static final String PRELUDE =
      """
      set -euo pipefail
      curl() { command curl --silent --show-error --fail-with-body "$@"; echo; }
      """;

  @TempDir static Path data;
  @TempDir static Path scripts;
  private static LocalEye eye;

  @BeforeAll
  static void startTheEye() {
    eye =
        LocalEye.start(
            new LocalSettings(
                "127.0.0.1",
                0,
                data,
                Optional.of(LocalSettings.SEED_APPLICATION),
                LocalSettings.QueueSettings.TEMPLATE_DEFAULTS,
                Duration.ofSeconds(10)),
            Fixtures.repoRoot());
  }

  @AfterAll
  static void stopTheEye() {
    eye.close();
  }

  @Test
  void theReadmesShellExamplesRunAsWritten() throws Exception {
    assertTrue(runEvery(Markdown.read("README.md")) >= 3, "the README's examples");
  }

  @Test
  void theApiReferencesShellExamplesRunAsWritten() throws Exception {
    assertTrue(runEvery(Markdown.read("docs/API.md")) >= 2, "docs/API.md's examples");
  }

  /** Runs each shell block in order; returns how many ran. */
  private static int runEvery(Markdown document) throws IOException, InterruptedException {
    List<Markdown.CodeBlock> blocks = document.codeBlocks();
    int ran = 0;
    for (int i = 0; i < blocks.size(); i++) {
      Markdown.CodeBlock block = blocks.get(i);
      if (!block.language().equals("shell")) {
        continue;
      }
      String where = document.path() + ":" + block.line();
      assertTrue(block.code().contains(MAKE_RUN), where + ": talks to make run on " + MAKE_RUN);
      awaitQueueDrained();
      String printed = run(block.code().replace(MAKE_RUN, apiHostAndPort()), where);
      ran++;
      if (i + 1 < blocks.size() && blocks.get(i + 1).code().startsWith("HTTP/")) {
        assertShows(blocks.get(i + 1), printed, document.path());
      }
    }
    return ran;
  }

  /** The status line and the body of an answer the document shows are what the example got. */
  private static void assertShows(Markdown.CodeBlock answer, String printed, String path) {
    List<String> lines = answer.code().lines().filter(line -> !line.isBlank()).toList();
    for (String line : List.of(lines.getFirst(), lines.getLast())) {
      assertTrue(
          shows(printed, line),
          path
              + ":"
              + answer.line()
              + ": the example prints "
              + line
              + "\nIt printed:\n"
              + printed);
    }
  }

  private static String run(String example, String where) throws IOException, InterruptedException {
    Path script = Files.createTempFile(scripts, "example-", ".sh");
    Files.writeString(script, PRELUDE + example);
    Path output = Files.createTempFile(scripts, "example-", ".out");
    Process bash =
        new ProcessBuilder("bash", script.toString())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    boolean ended = bash.waitFor(BLOCK_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    if (!ended) {
      bash.destroyForcibly().waitFor();
    }
    String printed = Files.readString(output);
    assertTrue(ended, where + ": did not end within " + BLOCK_TIMEOUT + "\n" + printed);
    assertEquals(0, bash.exitValue(), where + ": failed\n" + example + "\nIt printed:\n" + printed);
    return printed;
  }

  /**
   * Whether {@code printed} holds {@code line}, where an ellipsis in the line stands for any text
   * (a value that differs at every run, such as a receipt).
   */
  private static boolean shows(String printed, String line) {
    String pattern =
        Arrays.stream(line.split("…", -1)).map(Pattern::quote).collect(Collectors.joining(".*?"));
    return Pattern.compile(pattern).matcher(printed).find();
  }

  private static String apiHostAndPort() {
    return eye.baseUrl().substring("http://".length());
  }

  /** Until the processor has taken every message: what was sent is stored or kept as invalid. */
  private static void awaitQueueDrained() {
    Eventually.await(
        Duration.ofSeconds(30),
        () -> {
          Map<QueueAttributeName, String> attributes =
              eye.sqs()
                  .getQueueAttributes(
                      b ->
                          b.queueUrl(eye.queueUrl())
                              .attributeNames(
                                  QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                  QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                  .attributes();
          List<Integer> depths = new ArrayList<>();
          attributes.values().forEach(value -> depths.add(Integer.parseInt(value)));
          return depths;
        },
        depths -> depths.stream().allMatch(depth -> depth == 0),
        "the events queue drained");
  }
}

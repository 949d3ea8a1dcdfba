package com.theeye.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.theeye.testsupport.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every Markdown file of the checkout can be read anywhere: each relative link leads to a file that
 * exists (and to a heading of it that exists, when it names one), and no file names a path of the
 * machine it was written on.
 */
class MarkdownLinksTest {

  /** Folders that are not the checkout's own text. */
  private static final Set<String> SKIPPED =
      Set.of(".git", "target", "node_modules", ".local-data", ".aws-sam");

  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
  private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6} (.+)$");

  /**
   * A home or work folder as it starts an absolute path: /home/..., /Users/..., /work/..., /root/.
   */
  private static final Pattern MACHINE_PATH =
      Pattern.compile("(?<![\\w.~-])(?:/(?:home|Users|work|root)/|[A-Z]:\\\\Users\\\\)");

  private final Path root = Fixtures.repoRoot();

  @Test
  void everyRelativeLinkLeadsToAFileAndHeadingThatExist() {
    List<String> broken = new ArrayList<>();
    Map<Path, Set<String>> anchors = new HashMap<>();
    for (Path file : markdownFiles()) {
      String text = withoutCode(read(file));
      Matcher link = LINK.matcher(text);
      while (link.find()) {
        String target = link.group(1);
        if (target.matches("^[a-z]+:.*")) {
          continue; // https:, mailto:
        }
        int hash = target.indexOf('#');
        String path = hash < 0 ? target : target.substring(0, hash);
        Path linked = path.isEmpty() ? file : file.getParent().resolve(path).normalize();
        String where = root.relativize(file) + ": (" + target + ")";
        if (!Files.exists(linked)) {
          broken.add(where + " no such file");
        } else if (hash >= 0 && linked.toString().endsWith(".md")) {
          String anchor = target.substring(hash + 1);
          if (!anchors.computeIfAbsent(linked, MarkdownLinksTest::anchors).contains(anchor)) {
            broken.add(where + " no heading #" + anchor + " in " + root.relativize(linked));
          }
        }
      }
    }
    assertEquals(List.of(), broken);
  }

  @Test
  void noMarkdownFileNamesAMachinesHomeOrWorkFolder() {
    List<String> found = new ArrayList<>();
    for (Path file : markdownFiles()) {
      List<String> lines = read(file).lines().toList();
      for (int i = 0; i < lines.size(); i++) {
        if (MACHINE_PATH.matcher(lines.get(i)).find()) {
          found.add(root.relativize(file) + ":" + (i + 1) + ": " + lines.get(i).strip());
        }
      }
    }
    assertEquals(List.of(), found, "write paths from the checkout, or <checkout>/...");
  }

  @Test
  void machinePathsAreToldFromOthers() {
    assertTrue(MACHINE_PATH.matcher("data in /work/main/.local-data").find());
    assertTrue(MACHINE_PATH.matcher("(`/home/ada/the-eye`)").find());
    assertTrue(MACHINE_PATH.matcher("C:\\Users\\ada").find());
    assertTrue(!MACHINE_PATH.matcher("EYE_DATA_DIR=/tmp/eye make run").find());
    assertTrue(!MACHINE_PATH.matcher("https://example.com/work/a").find());
    assertTrue(!MACHINE_PATH.matcher("~/work/the-eye").find());
  }

  @Test
  void anchorsAreTheOnesGitHubMakes() {
    assertEquals("post-apiv1events", slug("`POST /api/v1/events/`"));
    assertEquals(
        "7-against-the-seed-app-make-bench-seed",
        slug("7. Against the seed app (`make bench-seed`)"));
    assertEquals("the-apis-routes", slug("The API's routes"));
  }

  private List<Path> markdownFiles() {
    try (Stream<Path> files = Files.walk(root)) {
      List<Path> markdown =
          files
              .filter(f -> root.relativize(f).toString().endsWith(".md"))
              .filter(f -> !skipped(root.relativize(f)))
              .sorted()
              .toList();
      assertTrue(markdown.contains(root.resolve("README.md")), "found the README");
      return markdown;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean skipped(Path relative) {
    for (Path part : relative) {
      if (SKIPPED.contains(part.toString())) {
        return true;
      }
    }
    return false;
  }

  /** The text without fenced blocks and inline code, where brackets are not links. */
  private static String withoutCode(String text) {
    return text.replaceAll("(?ms)^```.*?^```", "").replaceAll("`[^`\\n]*`", "``");
  }

  /** The anchors GitHub gives the file's headings, numbered when a heading repeats. */
  private static Set<String> anchors(Path file) {
    Set<String> anchors = new HashSet<>();
    Matcher heading = HEADING.matcher(read(file).replaceAll("(?ms)^```.*?^```", ""));
    while (heading.find()) {
      String anchor = slug(heading.group(1));
      String unique = anchor;
      for (int n = 1; !anchors.add(unique); n++) {
        unique = anchor + "-" + n;
      }
    }
    return anchors;
  }

  /** GitHub's: lower case; letters, digits, '-' and '_' kept, spaces to '-', the rest dropped. */
  static String slug(String heading) {
    StringBuilder slug = new StringBuilder();
    heading
        .strip()
        .codePoints()
        .forEach(
            c -> {
              if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                slug.appendCodePoint(Character.toLowerCase(c));
              } else if (c == ' ') {
                slug.append('-');
              }
            });
    return slug.toString();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}

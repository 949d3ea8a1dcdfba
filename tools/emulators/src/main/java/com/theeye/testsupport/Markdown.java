package com.theeye.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A Markdown document as the doc tests read it: its fenced code blocks, so that what a README shows
 * is what a test runs.
 *
 * @param path where it is, from the checkout root, for failure messages
 */
public record Markdown(String path, String text) {

  /** A fenced block: {@code language} is the word after the opening fence, {@code line} 1-based. */
  public record CodeBlock(String language, String code, int line) {}

  public Markdown {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(text, "text");
  }

  /** The document at {@code relativePath} from the checkout root. */
  public static Markdown read(String relativePath) {
    return new Markdown(relativePath, Fixtures.read(relativePath));
  }

  /** Every fenced block in order, whatever its language. */
  public List<CodeBlock> codeBlocks() {
    List<CodeBlock> blocks = new ArrayList<>();
    List<String> lines = text.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      String opening = lines.get(i);
      if (!opening.startsWith("```")) {
        continue;
      }
      int start = i;
      StringBuilder code = new StringBuilder();
      for (i++; i < lines.size() && !lines.get(i).startsWith("```"); i++) {
        code.append(lines.get(i)).append('\n');
      }
      if (i == lines.size()) {
        throw new IllegalStateException(path + ":" + (start + 1) + ": code block never closed");
      }
      blocks.add(new CodeBlock(opening.substring(3).strip(), code.toString(), start + 1));
    }
    return List.copyOf(blocks);
  }

  /** The fenced blocks of one language, e.g. {@code shell}, in order. */
  public List<CodeBlock> codeBlocks(String language) {
    return codeBlocks().stream().filter(block -> block.language().equals(language)).toList();
  }
}

package com.theeye.operator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code make tail} was asked: where to read (the running {@code make run} without settings,
 * {@code --url} or {@code --stack}), whether to print JSON, and the filters, each passed on to
 * {@code GET /api/v1/recent/} under its own name.
 *
 * @param url the API's base URL ({@code URL=}), when given
 * @param stack the stack whose {@code ApiUrl} output to read, when given
 * @param json one arrival as a JSON object per line, instead of a line for people
 * @param waitSeconds how long each request waits for an arrival ({@code --wait}, 1 to 20; 20)
 * @param filters {@code /recent/}'s parameters: application, session_id, user_id, anonymous_id,
 *     category, name, outcome, text, from
 */
record TailOptions(
    Optional<String> url,
    Optional<String> stack,
    boolean json,
    int waitSeconds,
    Map<String, String> filters) {

  static final String USAGE =
      "usage: make tail [URL=<the stack's ApiUrl output>] [ARGS=\"[--stack NAME] [--json]"
          + " [--application ID] [--session ID] [--user ID] [--anonymous ID] [--category C]"
          + " [--name N] [--outcome queued|stored|invalid|duplicate[,...]] [--text T]"
          + " [--from ISO] [--wait SECONDS]\"]; no URL or --stack: the running make run";

  /** The options and the {@code /recent/} parameters they stand for. */
  private static final Map<String, String> FILTERS =
      Map.of(
          "--application", "application",
          "--session", "session_id",
          "--user", "user_id",
          "--anonymous", "anonymous_id",
          "--category", "category",
          "--name", "name",
          "--outcome", "outcome",
          "--text", "text",
          "--from", "from");

  TailOptions {
    filters = Map.copyOf(filters);
    if (waitSeconds < 1 || waitSeconds > 20) {
      throw new IllegalArgumentException("--wait takes 1 to 20 seconds, not " + waitSeconds);
    }
    if (url.isPresent() && stack.isPresent()) {
      throw new IllegalArgumentException("give URL or --stack, not both");
    }
  }

  /**
   * @throws IllegalArgumentException naming the argument that is not one
   */
  static TailOptions parse(List<String> args) {
    Optional<String> url = Optional.empty();
    Optional<String> stack = Optional.empty();
    boolean json = false;
    int waitSeconds = 20;
    Map<String, String> filters = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.isBlank()) {
        continue; // an empty URL= from make
      }
      if (arg.equals("--json")) {
        json = true;
        continue;
      }
      if (!List.of("--url", "--stack", "--wait").contains(arg) && !FILTERS.containsKey(arg)) {
        throw new IllegalArgumentException("unknown argument " + arg);
      }
      if (i + 1 >= args.size() || args.get(i + 1).isBlank()) {
        throw new IllegalArgumentException(arg + " needs a value");
      }
      String value = args.get(++i).strip();
      switch (arg) {
        case "--url" -> url = Optional.of(value);
        case "--stack" -> stack = Optional.of(value);
        case "--wait" -> waitSeconds = seconds(value);
        default -> filters.put(FILTERS.get(arg), value);
      }
    }
    return new TailOptions(url, stack, json, waitSeconds, filters);
  }

  private static int seconds(String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--wait takes a whole number of seconds, not " + value);
    }
  }
}

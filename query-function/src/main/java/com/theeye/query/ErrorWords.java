package com.theeye.query;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An invalid event's error in plain words, the failing field first: {@code data.element: required}
 * for the processor's {@code This field is required.}, {@code data.path: must be a string, not a
 * number} for the schema validator's {@code expected type: String, found: Integer}. The stored
 * message stays as it was (the query API answers it); this is what the inspector and {@code make
 * tail} show. A message no rule knows is shown as it is.
 */
final class ErrorWords {

  /** A message's pattern, the key inside the field it names (if any), and its plain words. */
  private record Rule(
      Pattern pattern, Function<Matcher, String> key, Function<Matcher, String> words) {}

  private static final List<Rule> RULES =
      List.of(
          rule("This field is required\\.", m -> "required"),
          keyRule("required key \\[(.*)] not found", "required"),
          rule(
              "expected type: (\\w+), found: (\\w+)",
              m -> "must be " + article(m.group(1)) + ", not " + article(m.group(2))),
          rule(
              "expected minLength: (\\d+), actual: (\\d+)",
              m -> "too short: at least " + m.group(1) + " characters, has " + m.group(2)),
          rule(
              "expected maxLength: (\\d+), actual: (\\d+)",
              m -> "too long: at most " + m.group(1) + " characters, has " + m.group(2)),
          keyRule("extraneous key \\[(.*)] is not permitted", "not allowed"),
          rule("string \\[.*] does not match pattern (.*)", m -> "must match " + m.group(1)),
          rule(".* is not a valid enum value", m -> "not one of the allowed values"),
          rule(".* is not greater or equal to (.*)", m -> "must be at least " + m.group(1)),
          rule(".* is not less or equal to (.*)", m -> "must be at most " + m.group(1)),
          rule(".* is not greater than (.*)", m -> "must be more than " + m.group(1)),
          rule(".* is not less than (.*)", m -> "must be less than " + m.group(1)),
          rule(
              "expected minimum item count: (\\d+), found: (\\d+)",
              m -> "too few items: at least " + m.group(1) + ", has " + m.group(2)),
          rule(
              "expected maximum item count: (\\d+), found: (\\d+)",
              m -> "too many items: at most " + m.group(1) + ", has " + m.group(2)));

  private ErrorWords() {}

  /**
   * {@code field: words}. A rule that names a key inside {@code field} (a missing or extra key)
   * puts it after the field: {@code data.form.email: required}.
   */
  static String of(String field, String message) {
    String text = message == null ? "" : message.strip();
    for (Rule rule : RULES) {
      Matcher matcher = rule.pattern().matcher(text);
      if (matcher.matches()) {
        String key = rule.key().apply(matcher);
        return (key == null ? field : field + "." + key) + ": " + rule.words().apply(matcher);
      }
    }
    return field + ": " + text;
  }

  private static Rule rule(String regex, Function<Matcher, String> words) {
    return new Rule(Pattern.compile(regex, Pattern.DOTALL), m -> null, words);
  }

  /** A rule whose message names a key of the field: group 1. */
  private static Rule keyRule(String regex, String words) {
    return new Rule(Pattern.compile(regex, Pattern.DOTALL), m -> m.group(1), m -> words);
  }

  /** The schema validator's type name as plain words: {@code String} is a string. */
  private static String article(String type) {
    String lower = type.toLowerCase(Locale.ROOT);
    return switch (lower) {
      case "integer" -> "a whole number";
      case "number" -> "a number";
      case "object", "jsonobject" -> "an object";
      case "array", "jsonarray" -> "a list";
      case "boolean" -> "true or false";
      case "null" -> "null";
      default -> "a " + lower;
    };
  }
}

package com.theeye.operator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One arrival of {@code /api/v1/recent/} as {@code make tail} prints it for people: time received,
 * outcome, category / name, session and person, id; an invalid event's errors in plain words on the
 * lines below, indented.
 *
 * <pre>
 * 2026-12-07T16:40:01.123Z  invalid    page interaction / cta click  session=e2085be5-…  id=0a9c…
 *     data.element: required
 * </pre>
 */
final class ArrivalLine {

  private ArrivalLine() {}

  static List<String> of(JsonNode arrival) {
    StringBuilder line = new StringBuilder();
    line.append(text(arrival, "received_at"))
        .append("  ")
        .append(String.format("%-9s", text(arrival, "outcome")))
        .append("  ")
        .append(text(arrival, "category"))
        .append(" / ")
        .append(text(arrival, "name"))
        .append("  session=")
        .append(text(arrival, "session_id"));
    if (!arrival.path("user_id").isNull() && arrival.has("user_id")) {
      line.append("  user=").append(text(arrival, "user_id"));
    }
    if (!arrival.path("anonymous_id").isNull() && arrival.has("anonymous_id")) {
      line.append("  anonymous=").append(text(arrival, "anonymous_id"));
    }
    line.append("  id=").append(text(arrival, "id"));
    List<String> lines = new ArrayList<>();
    lines.add(line.toString());
    arrival.path("errors").forEach(error -> lines.add("    " + text(error, "text")));
    return lines;
  }

  /** A field as text; {@code -} when absent or null. Control characters are shown escaped. */
  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    if (value.isMissingNode() || value.isNull()) {
      return "-";
    }
    StringBuilder safe = new StringBuilder();
    value
        .asText()
        .codePoints()
        .forEach(
            c -> {
              if (Character.isISOControl(c)) {
                safe.append(String.format("\\u%04x", c));
              } else {
                safe.appendCodePoint(c);
              }
            });
    return safe.toString();
  }
}

package com.theeye.client;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/**
 * Writes the JSON of an event: a small writer, so the client carries no JSON library into the
 * applications that embed it.
 */
final class Json {

  private Json() {}

  static String event(TrackedEvent event, Instant timestamp) {
    StringBuilder out = new StringBuilder(128);
    out.append("{\"session_id\":");
    string(event.sessionId().toString(), out);
    out.append(",\"category\":");
    string(event.category(), out);
    out.append(",\"name\":");
    string(event.name(), out);
    out.append(",\"data\":");
    value(event.data(), out);
    out.append(",\"timestamp\":");
    string(timestamp.toString(), out);
    if (event.anonymousId() != null) {
      out.append(",\"anonymous_id\":");
      string(event.anonymousId(), out);
    }
    if (event.userId() != null) {
      out.append(",\"user_id\":");
      string(event.userId(), out);
    }
    return out.append('}').toString();
  }

  /**
   * The event's JSON with {@code sent_at}, stamped on every request so the server can correct skew.
   */
  static String withSentAt(String eventJson, String sentAt) {
    StringBuilder out = new StringBuilder(eventJson.length() + 40);
    out.append(eventJson, 0, eventJson.length() - 1).append(",\"sent_at\":");
    string(sentAt, out);
    return out.append('}').toString();
  }

  /**
   * Strings, numbers, booleans, null, maps with string keys, collections and arrays of those.
   *
   * @throws IllegalArgumentException for anything else, naming its type
   */
  static void value(Object value, StringBuilder out) {
    switch (value) {
      case null -> out.append("null");
      case CharSequence text -> string(text.toString(), out);
      case Boolean bool -> out.append(bool);
      case Double number when !Double.isFinite(number) -> throw notJson(number);
      case Float number when !Float.isFinite(number) -> throw notJson(number);
      case Number number -> out.append(number);
      case Map<?, ?> map -> {
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
          if (!(entry.getKey() instanceof String key)) {
            throw new IllegalArgumentException(
                "JSON object keys must be strings, not " + entry.getKey());
          }
          out.append(first ? "" : ",");
          string(key, out);
          out.append(':');
          value(entry.getValue(), out);
          first = false;
        }
        out.append('}');
      }
      case Collection<?> list -> array(list.toArray(), out);
      case Object[] list -> array(list, out);
      default ->
          throw new IllegalArgumentException(
              "cannot write a "
                  + value.getClass().getName()
                  + " as JSON: use strings, numbers, booleans, maps and lists");
    }
  }

  private static void array(Object[] values, StringBuilder out) {
    out.append('[');
    for (int i = 0; i < values.length; i++) {
      out.append(i == 0 ? "" : ",");
      value(values[i], out);
    }
    out.append(']');
  }

  private static void string(String text, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static IllegalArgumentException notJson(Number number) {
    return new IllegalArgumentException("JSON has no " + number + ": send a finite number");
  }
}

package com.theeye.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.theeye.event.EventCodec;
import com.theeye.event.ExactJson;
import java.io.IOException;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The journal's lines, written and read in this one place: {@code {"body": ...}} for a message sent
 * to the events queue, {@code {"dead_letter": ..., "receive_count": n, "segment": s}} for one that
 * failed its last receive, {@code segment} naming the file that holds its body line (absent when no
 * file does).
 */
final class JournalLines {

  private static final String BODY = "body";
  private static final String DEAD_LETTER = "dead_letter";
  private static final String RECEIVE_COUNT = "receive_count";
  private static final String SEGMENT = "segment";

  private JournalLines() {}

  /** A line as read back. */
  sealed interface Line permits Body, DeadLettered {}

  /** A message sent to the events queue. */
  record Body(String body) implements Line {}

  /** A message dead-lettered, and the segment holding its body line, if any still does. */
  record DeadLettered(DeadLetter deadLetter, OptionalLong segment) implements Line {}

  static String body(String body) {
    return EventCodec.write(ExactJson.MAPPER.createObjectNode().put(BODY, body));
  }

  static String deadLetter(DeadLetter deadLetter, OptionalLong segment) {
    ObjectNode line =
        ExactJson.MAPPER
            .createObjectNode()
            .put(DEAD_LETTER, deadLetter.body())
            .put(RECEIVE_COUNT, deadLetter.receiveCount());
    segment.ifPresent(number -> line.put(SEGMENT, number));
    return EventCodec.write(line);
  }

  /**
   * The line's meaning; empty for a line torn by a crash mid-append, which no 202 was given for.
   */
  static Optional<Line> read(String text) {
    JsonNode line;
    try {
      line = ExactJson.MAPPER.readTree(text);
    } catch (IOException torn) {
      return Optional.empty();
    }
    if (line == null) {
      return Optional.empty();
    }
    if (line.path(DEAD_LETTER).isTextual()) {
      return Optional.of(
          new DeadLettered(
              new DeadLetter(line.get(DEAD_LETTER).textValue(), line.path(RECEIVE_COUNT).asInt()),
              line.path(SEGMENT).isIntegralNumber()
                  ? OptionalLong.of(line.get(SEGMENT).asLong())
                  : OptionalLong.empty()));
    }
    if (line.path(BODY).isTextual()) {
      return Optional.of(new Body(line.get(BODY).textValue()));
    }
    return Optional.empty();
  }
}

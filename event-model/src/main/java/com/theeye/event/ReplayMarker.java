package com.theeye.event;

import java.time.Instant;
import java.util.Optional;

/**
 * How a replay marks the messages it puts back on the events queue: the body is exactly what the
 * ingest function wrote ({@link EventCodec#toMessage}), and an SQS message attribute, outside the
 * body, carries when the replay started. The processor then records the outcome on the event's
 * invalid record; without the marker it could not tell a replayed event from a new one without a
 * read per event.
 */
public final class ReplayMarker {

  /** The SQS message attribute's name; its value is a String, {@link EventTimestamps#format}. */
  public static final String ATTRIBUTE = "replayed_at";

  /** SQS's data type of the attribute. */
  public static final String DATA_TYPE = "String";

  private ReplayMarker() {}

  public static String format(Instant replayedAt) {
    return EventTimestamps.format(replayedAt);
  }

  /** The replay time an attribute value names; empty when it names none. */
  public static Optional<Instant> parse(String value) {
    return value == null ? Optional.empty() : EventTimestamps.parse(value);
  }
}

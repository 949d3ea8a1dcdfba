package com.theeye.processor;

import java.util.Objects;

/**
 * One reason an event cannot be stored as valid, naming the field at fault.
 *
 * @param reason the kind of problem, e.g. {@code schema violation}; an invalid event's reasons are
 *     these, distinct
 * @param field the field's path from the event's top level, e.g. {@code data.element} or {@code
 *     timestamp}
 * @param message what was expected there, for the people who fix the sender
 */
public record Violation(String reason, String field, String message) {

  public static final String SCHEMA_VIOLATION = "schema violation";
  public static final String UNKNOWN_EVENT_TYPE = "unknown event type";
  public static final String TIMESTAMP_IN_THE_FUTURE = "timestamp in the future";
  public static final String SESSION_OF_ANOTHER_APPLICATION =
      "session belongs to another application";
  public static final String UNTRUSTED_APPLICATION = "untrusted application";
  public static final String ID_NOT_FROM_CONTENT = "id does not match content";
  public static final String NUMBER_OUT_OF_RANGE = "number out of range";

  public Violation {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(message, "message");
  }
}

package com.theeye.client;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What became of an event The Eye accepted, as {@code GET /api/v1/receipts/{receipt}} answers: its
 * status and, when invalid, the processor's reasons (never the event's data).
 *
 * @param status where the event is
 * @param errors why it is invalid: empty for any other status
 */
public record ReceiptStatus(Status status, List<FieldError> errors) {

  /** Where an accepted event is. */
  public enum Status {
    /** Not stored yet: on the queue, being retried, or dead-lettered. Ask again later. */
    PENDING,
    /** In the Events table. */
    STORED,
    /** Kept as an invalid event, for the reasons in {@link ReceiptStatus#errors()}. */
    INVALID,
    /** Removed, or never stored, because its person or its session was deleted. */
    DELETED
  }

  /** One reason an event is invalid: the field and what is wrong with it. */
  public record FieldError(String field, String message) {}

  public ReceiptStatus {
    Objects.requireNonNull(status, "status");
    errors = List.copyOf(errors);
  }

  /** The status in a 200's body, e.g. {@code {"status": "stored", "errors": []}}. */
  static ReceiptStatus fromJson(String body) {
    if (!(JsonReader.read(body) instanceof Map<?, ?> json)
        || !(json.get("status") instanceof String status)) {
      throw new IllegalArgumentException("not a receipt's status: " + body);
    }
    List<FieldError> errors =
        json.get("errors") instanceof List<?> list
            ? list.stream()
                .filter(Map.class::isInstance)
                .map(Map.class::cast)
                .map(e -> new FieldError(text(e.get("field")), text(e.get("message"))))
                .toList()
            : List.of();
    return new ReceiptStatus(Status.valueOf(status.toUpperCase(Locale.ROOT)), errors);
  }

  private static String text(Object value) {
    return value == null ? "" : value.toString();
  }
}

package com.theeye.store;

import static com.theeye.store.Attributes.s;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.theeye.store.StoredInvalidEvent.FieldError;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class InvalidEventItemsTest {

  private static final StoredInvalidEvent INVALID =
      new StoredInvalidEvent(
          "7d1f0a9c",
          UUID.fromString("3f0c6a52-6f5d-4c1e-9d43-2b1c1a0e5b7a"),
          Instant.parse("2021-01-01T09:15:28.500Z"),
          "{\"id\":\"7d1f0a9c\",\"data\":{}}",
          List.of(
              new FieldError("data.element", "This field is required."),
              new FieldError("timestamp", "Timestamp is in the future.")),
          "schema violation, timestamp in the future",
          5,
          Optional.of(Instant.parse("2021-01-31T09:15:28Z")));

  @Test
  void readsBackWhatItWrites() {
    assertEquals(INVALID, InvalidEventItems.fromItem(InvalidEventItems.toItem(INVALID)));
  }

  // Renaming an attribute, or printing a value differently, would orphan the items already stored.
  @Test
  void writesTheAttributeNamesAndFormatsOfStoredItems() {
    assertEquals(
        Map.ofEntries(
            Map.entry("id", s("7d1f0a9c")),
            Map.entry("application", s("3f0c6a52-6f5d-4c1e-9d43-2b1c1a0e5b7a")),
            Map.entry("received_at", s("2021-01-01T09:15:28.500000Z")),
            Map.entry("event", s("{\"id\":\"7d1f0a9c\",\"data\":{}}")),
            Map.entry(
                "errors",
                AttributeValue.fromL(
                    List.of(
                        AttributeValue.fromM(
                            Map.of(
                                "field", s("data.element"),
                                "message", s("This field is required."))),
                        AttributeValue.fromM(
                            Map.of(
                                "field", s("timestamp"),
                                "message", s("Timestamp is in the future.")))))),
            Map.entry("reason", s("schema violation, timestamp in the future")),
            Map.entry("application_shard", s("3f0c6a52-6f5d-4c1e-9d43-2b1c1a0e5b7a#5")),
            Map.entry("received_at_id", s("2021-01-01T09:15:28.500000Z#7d1f0a9c")),
            Map.entry("expires_at", AttributeValue.fromN("1612084528"))),
        InvalidEventItems.toItem(INVALID));
  }

  @Test
  void readsAnItemWithoutErrorsAsHavingNone() {
    Map<String, AttributeValue> item = new HashMap<>(InvalidEventItems.toItem(INVALID));
    item.remove(InvalidEventItems.ERRORS);

    assertEquals(List.of(), InvalidEventItems.fromItem(item).errors());
  }

  @Test
  void keysAnInvalidEventByItsId() {
    assertEquals(Map.of("id", s("7d1f0a9c")), InvalidEventItems.key("7d1f0a9c"));
  }
}

package com.theeye.processor;

import com.theeye.event.Event;
import com.theeye.store.EventItems;
import com.theeye.store.InvalidEventItems;
import com.theeye.store.StoredEvent;
import com.theeye.store.StoredInvalidEvent;
import com.theeye.store.StoredInvalidEvent.FieldError;
import com.theeye.store.TableLayout;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Writes events to the Events and InvalidEvents tables, each at most once: every put is conditional
 * on the key being new, so concurrent or repeated deliveries of one event leave one item. The items
 * are {@link EventItems}' and {@link InvalidEventItems}'.
 */
final class EventStore {

  /** What a put did. */
  enum Write {
    STORED,
    ALREADY_STORED
  }

  private final DynamoDbClient dynamoDb;
  private final String eventsTable;
  private final String invalidEventsTable;
  private final Shards shards;
  private final Optional<Duration> retention;
  private final CategoryList categories;

  EventStore(
      DynamoDbClient dynamoDb,
      String eventsTable,
      String invalidEventsTable,
      Shards shards,
      Optional<Duration> retention) {
    this.dynamoDb = dynamoDb;
    this.eventsTable = eventsTable;
    this.invalidEventsTable = invalidEventsTable;
    this.shards = shards;
    this.retention = retention;
    this.categories = new CategoryList(dynamoDb, eventsTable);
  }

  /** Records the event's category in the category list first, then stores the event. */
  Write putValid(Event event) {
    categories.record(event.category());
    return putIfAbsent(eventsTable, TableLayout.SESSION_ID, validItem(event));
  }

  /** The Events item of a valid event, as {@link #putValid} writes it. */
  Map<String, AttributeValue> validItem(Event event) {
    return EventItems.toItem(new StoredEvent(event, shards.of(event.id()), expiry(event)));
  }

  /**
   * Stores an event that failed validation with its violations.
   *
   * @param message the queue message as received, kept whole so the event can be repaired and
   *     replayed
   */
  Write putInvalid(Event event, String message, List<Violation> violations) {
    StoredInvalidEvent invalid =
        new StoredInvalidEvent(
            event.id(),
            event.application(),
            event.receivedAt(),
            message,
            violations.stream().map(v -> new FieldError(v.field(), v.message())).toList(),
            reasonOf(violations),
            shards.of(event.id()),
            expiry(event));
    return putIfAbsent(
        invalidEventsTable, TableLayout.INVALID_ID, InvalidEventItems.toItem(invalid));
  }

  /**
   * The distinct reasons, in the order found, e.g. {@code schema violation, timestamp in the
   * future}.
   */
  static String reasonOf(List<Violation> violations) {
    return violations.stream()
        .map(Violation::reason)
        .collect(Collectors.toCollection(LinkedHashSet::new))
        .stream()
        .collect(Collectors.joining(", "));
  }

  private Write putIfAbsent(String table, String partitionKey, Map<String, AttributeValue> item) {
    try {
      dynamoDb.putItem(
          b ->
              b.tableName(table)
                  .item(item)
                  .conditionExpression("attribute_not_exists(#key)")
                  .expressionAttributeNames(Map.of("#key", partitionKey)));
      return Write.STORED;
    } catch (ConditionalCheckFailedException e) {
      return Write.ALREADY_STORED;
    }
  }

  // From received_at, not the wall clock, so a redelivery writes the same item.
  private Optional<Instant> expiry(Event event) {
    return retention.map(keep -> event.receivedAt().plus(keep));
  }
}

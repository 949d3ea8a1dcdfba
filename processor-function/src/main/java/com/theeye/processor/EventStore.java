package com.theeye.processor;

import com.theeye.event.Event;
import com.theeye.event.EventCodec;
import com.theeye.event.EventTimestamps;
import com.theeye.store.TableLayout;
import java.time.Duration;
import java.util.HashMap;
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
 * on the key being new, so concurrent or repeated deliveries of one event leave one item. Keys
 * follow {@link TableLayout}.
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
  }

  Write putValid(Event event) {
    return putIfAbsent(eventsTable, TableLayout.SESSION_ID, validItem(event));
  }

  /** The Events item of a valid event, as {@link #putValid} writes it. */
  Map<String, AttributeValue> validItem(Event event) {
    int shard = shards.of(event.id());
    String occurredAtId =
        TableLayout.sortKey(EventTimestamps.format(event.timestamp()), event.id());
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(TableLayout.SESSION_ID, s(event.sessionId().toString()));
    item.put(TableLayout.OCCURRED_AT_ID, s(occurredAtId));
    item.put(TableLayout.CATEGORY_SHARD, s(TableLayout.categoryShard(event.category(), shard)));
    item.put(TableLayout.TIME_SHARD, s(TableLayout.timeShard(shard)));
    item.put("id", s(event.id()));
    item.put("application", s(event.application().toString()));
    item.put("category", s(event.category()));
    item.put("name", s(event.name()));
    item.put("data", s(EventCodec.write(event.data())));
    item.put("timestamp", s(EventTimestamps.format(event.timestamp())));
    item.put("received_at", s(EventTimestamps.format(event.receivedAt())));
    expiry(event).ifPresent(expiresAt -> item.put(TableLayout.EXPIRES_AT, expiresAt));
    return item;
  }

  /**
   * Stores an event that failed validation with its violations.
   *
   * @param message the queue message as received, kept whole so the event can be repaired and
   *     replayed
   */
  Write putInvalid(Event event, String message, List<Violation> violations) {
    int shard = shards.of(event.id());
    String receivedAt = EventTimestamps.format(event.receivedAt());
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(TableLayout.INVALID_ID, s(event.id()));
    item.put("application", s(event.application().toString()));
    item.put("received_at", s(receivedAt));
    item.put("event", s(message));
    item.put("errors", AttributeValue.fromL(violations.stream().map(EventStore::errorOf).toList()));
    item.put("reason", s(reasonOf(violations)));
    item.put(
        TableLayout.APPLICATION_SHARD,
        s(TableLayout.applicationShard(event.application().toString(), shard)));
    item.put(TableLayout.RECEIVED_AT_ID, s(TableLayout.sortKey(receivedAt, event.id())));
    expiry(event).ifPresent(expiresAt -> item.put(TableLayout.EXPIRES_AT, expiresAt));
    return putIfAbsent(invalidEventsTable, TableLayout.INVALID_ID, item);
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
  private Optional<AttributeValue> expiry(Event event) {
    return retention.map(
        keep ->
            AttributeValue.fromN(Long.toString(event.receivedAt().plus(keep).getEpochSecond())));
  }

  private static AttributeValue errorOf(Violation violation) {
    return AttributeValue.fromM(
        Map.of("field", s(violation.field()), "message", s(violation.message())));
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }
}

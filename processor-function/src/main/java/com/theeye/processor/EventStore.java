package com.theeye.processor;

import com.theeye.event.Event;
import com.theeye.event.EventTimestamps;
import com.theeye.store.EventItems;
import com.theeye.store.InvalidEventItems;
import com.theeye.store.InvalidEventReplay;
import com.theeye.store.InvalidEventReplay.ReplayOutcome;
import com.theeye.store.StoredEvent;
import com.theeye.store.StoredInvalidEvent;
import com.theeye.store.StoredInvalidEvent.FieldError;
import com.theeye.store.TableLayout;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * Writes events to the Events and InvalidEvents tables, each at most once: every put is conditional
 * on the key being new, so concurrent or repeated deliveries of one event leave one item. The items
 * are {@link EventItems}' and {@link InvalidEventItems}'.
 *
 * <p>A put that finds the item there tells whose it is, for the accounting: the item's {@code
 * received_at} ({@link EventItems#RECEIVED_AT}, {@link InvalidEventItems#RECEIVED_AT}) is the
 * accept that stored it. DynamoDB returns the item with the refusal when asked ({@code
 * ReturnValuesOnConditionCheckFailure ALL_OLD}, "at no additional cost": PutItem, Amazon DynamoDB
 * API Reference); an emulator that does not is asked with a consistent GetItem instead.
 */
final class EventStore {

  /** What a put did. */
  enum Write {
    /** Written now. */
    STORED,
    /**
     * Already there, written by an earlier delivery of this same accept (same {@code received_at}):
     * a redelivered message, or one put back on the queue. The accept's outcome all the same.
     */
    REDELIVERED,
    /** Already there, written for another accept of the same event: a client's retry. */
    ALREADY_STORED
  }

  private final DynamoDbClient dynamoDb;
  private final String eventsTable;
  private final String invalidEventsTable;
  private final Shards shards;
  private final Optional<Duration> retention;
  private final CategoryList categories;
  private final IdentityLog identities;
  private final MessageIdClaims messageIds;

  EventStore(
      DynamoDbClient dynamoDb,
      String eventsTable,
      String invalidEventsTable,
      Shards shards,
      Optional<Duration> retention,
      IdentityLog identities,
      MessageIdClaims messageIds) {
    this.identities = identities;
    this.messageIds = messageIds;
    this.dynamoDb = dynamoDb;
    this.eventsTable = eventsTable;
    this.invalidEventsTable = invalidEventsTable;
    this.shards = shards;
    this.retention = retention;
    this.categories = new CategoryList(dynamoDb, eventsTable);
  }

  /** Records the event's category in the category list first, then stores the event. */
  Write putValid(Event event) {
    return putValid(event, Optional.empty());
  }

  /** Stores a valid event, with the version of the schema that passed it. */
  Write putValid(Event event, Optional<String> schemaVersion) {
    return putValid(event, new Verdict(List.of(), schemaVersion));
  }

  /**
   * Stores a valid event with its verdict (schema version, unplanned); its category is listed and
   * its identities recorded first, so every stored event can be found by a time range and by
   * person.
   */
  Write putValid(Event event, Verdict verdict) {
    if (!messageIds.claim(event, expiry(event))) {
      return Write.ALREADY_STORED;
    }
    categories.record(event.category());
    identities.record(event, expiry(event));
    Map<String, AttributeValue> item =
        EventItems.toItem(
            new StoredEvent(
                event,
                shards.of(event.id()),
                expiry(event),
                verdict.schemaVersion(),
                verdict.unplanned()));
    return putIfAbsent(
        eventsTable,
        TableLayout.SESSION_ID,
        item,
        EventItems.key(event.sessionId(), item.get(TableLayout.OCCURRED_AT_ID).s()),
        EventItems.RECEIVED_AT,
        event);
  }

  /** The Events item of a valid event, as {@link #putValid} writes it. */
  Map<String, AttributeValue> validItem(Event event) {
    return validItem(event, Optional.empty());
  }

  private Map<String, AttributeValue> validItem(Event event, Optional<String> schemaVersion) {
    return EventItems.toItem(
        new StoredEvent(event, shards.of(event.id()), expiry(event), schemaVersion));
  }

  /**
   * Stores an event that failed validation with its violations.
   *
   * @param message the queue message as received, kept whole so the event can be repaired and
   *     replayed
   */
  Write putInvalid(Event event, String message, List<Violation> violations) {
    return putInvalid(event, message, new Verdict(violations, Optional.empty()));
  }

  /**
   * Stores an event that failed validation with the verdict: its violations, its schema's version.
   */
  Write putInvalid(Event event, String message, Verdict verdict) {
    return putIfAbsent(
        invalidEventsTable,
        TableLayout.INVALID_ID,
        InvalidEventItems.toItem(invalid(event, message, verdict, Optional.empty())),
        InvalidEventItems.key(event.id()),
        InvalidEventItems.RECEIVED_AT,
        event);
  }

  /**
   * Marks the invalid record of an event a replay found valid (and stored): {@code replayed_at},
   * outcome {@code stored}. Writes nothing when there is no record or it is marked so already.
   *
   * @return the reason the record was invalid for, when this call marked it: the replay moved the
   *     event from invalid to stored, once
   */
  Optional<String> markReplayedAsStored(String id, Instant replayedAt) {
    try {
      Map<String, AttributeValue> old =
          dynamoDb
              .updateItem(
                  b ->
                      b.tableName(invalidEventsTable)
                          .key(InvalidEventItems.key(id))
                          .updateExpression("SET #at = :at, #outcome = :stored")
                          .conditionExpression(
                              "attribute_exists(#id) AND (attribute_not_exists(#outcome) OR #outcome <>"
                                  + " :stored)")
                          .expressionAttributeNames(
                              Map.of(
                                  "#id", TableLayout.INVALID_ID,
                                  "#at", InvalidEventItems.REPLAYED_AT,
                                  "#outcome", InvalidEventItems.REPLAY_OUTCOME))
                          .expressionAttributeValues(
                              Map.of(
                                  ":at", InvalidEventItems.replayedAt(replayedAt),
                                  ":stored", InvalidEventItems.outcome(ReplayOutcome.STORED)))
                          .returnValues(ReturnValue.ALL_OLD))
              .attributes();
      return Optional.ofNullable(old)
          .map(item -> item.get(InvalidEventItems.REASON))
          .map(AttributeValue::s);
    } catch (ConditionalCheckFailedException e) {
      return Optional.empty();
    }
  }

  /**
   * Stores the new verdict on an event a replay found still invalid: its one record gets the new
   * errors, schema version and {@code replayed_at}, outcome {@code still invalid}. Writes nothing
   * when the record already holds this verdict from a replay, or says the event was stored, so
   * replaying twice changes nothing more.
   */
  Write putInvalidOnReplay(Event event, String message, Verdict verdict, Instant replayedAt) {
    StoredInvalidEvent invalid =
        invalid(
            event,
            message,
            verdict,
            Optional.of(new InvalidEventReplay(replayedAt, ReplayOutcome.STILL_INVALID)));
    // The verdict is its reasons and the schema version: with both unchanged the errors are too
    // (the validator depends on the event and the schemas alone, and a schema never changes
    // without its version). Comparing the error lists themselves is not portable to emulators.
    Map<String, String> names = new HashMap<>();
    names.put("#id", TableLayout.INVALID_ID);
    names.put("#outcome", InvalidEventItems.REPLAY_OUTCOME);
    names.put("#reason", InvalidEventItems.REASON);
    names.put("#version", InvalidEventItems.SCHEMA_VERSION);
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":stored", InvalidEventItems.outcome(ReplayOutcome.STORED));
    values.put(":reason", AttributeValue.fromS(invalid.reason()));
    String versionDiffers = "attribute_exists(#version)";
    if (verdict.schemaVersion().isPresent()) {
      values.put(":version", AttributeValue.fromS(verdict.schemaVersion().get()));
      versionDiffers = "attribute_not_exists(#version) OR #version <> :version";
    }
    String condition =
        "attribute_not_exists(#id) OR attribute_not_exists(#outcome) OR (#outcome <> :stored AND"
            + " (#reason <> :reason OR "
            + versionDiffers
            + "))";
    try {
      dynamoDb.putItem(
          b ->
              b.tableName(invalidEventsTable)
                  .item(InvalidEventItems.toItem(invalid))
                  .conditionExpression(condition)
                  .expressionAttributeNames(names)
                  .expressionAttributeValues(values));
      return Write.STORED;
    } catch (ConditionalCheckFailedException e) {
      return Write.ALREADY_STORED;
    }
  }

  private StoredInvalidEvent invalid(
      Event event, String message, Verdict verdict, Optional<InvalidEventReplay> replay) {
    return new StoredInvalidEvent(
        event.id(),
        event.application(),
        event.receivedAt(),
        message,
        verdict.violations().stream().map(v -> new FieldError(v.field(), v.message())).toList(),
        reasonOf(verdict.violations()),
        shards.of(event.id()),
        expiry(event),
        verdict.schemaVersion(),
        replay);
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

  private Write putIfAbsent(
      String table,
      String partitionKey,
      Map<String, AttributeValue> item,
      Map<String, AttributeValue> key,
      String receivedAtName,
      Event event) {
    try {
      dynamoDb.putItem(
          b ->
              b.tableName(table)
                  .item(item)
                  .conditionExpression("attribute_not_exists(#key)")
                  .expressionAttributeNames(Map.of("#key", partitionKey))
                  .returnValuesOnConditionCheckFailure(
                      ReturnValuesOnConditionCheckFailure.ALL_OLD));
      return Write.STORED;
    } catch (ConditionalCheckFailedException e) {
      Map<String, AttributeValue> existing =
          e.hasItem() && !e.item().isEmpty()
              ? e.item()
              : consistentRead(table, key, receivedAtName);
      AttributeValue receivedAt = existing == null ? null : existing.get(receivedAtName);
      return receivedAt != null && EventTimestamps.format(event.receivedAt()).equals(receivedAt.s())
          ? Write.REDELIVERED
          : Write.ALREADY_STORED;
    }
  }

  /**
   * The item a conditional put found, for a DynamoDB that did not return it (dynalite ignores
   * ReturnValuesOnConditionCheckFailure); strongly consistent, as the put's check was.
   */
  private Map<String, AttributeValue> consistentRead(
      String table, Map<String, AttributeValue> key, String receivedAtName) {
    return dynamoDb
        .getItem(
            b ->
                b.tableName(table)
                    .key(key)
                    .consistentRead(true)
                    .projectionExpression("#at")
                    .expressionAttributeNames(Map.of("#at", receivedAtName)))
        .item();
  }

  // From received_at, not the wall clock, so a redelivery writes the same item.
  private Optional<Instant> expiry(Event event) {
    return retention.map(keep -> event.receivedAt().plus(keep));
  }
}

package com.theeye.store;

import static com.theeye.store.Attributes.s;

import com.theeye.event.EventTimestamps;
import com.theeye.store.StoredInvalidEvent.FieldError;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The one codec of the InvalidEvents table's items: the processor writes them with {@link #toItem},
 * the query function reads them with {@link #fromItem}. The keys are {@link TableLayout}'s; the
 * other attribute names are here. Renaming one orphans every item already stored under it.
 */
public final class InvalidEventItems {

  public static final String APPLICATION = "application";
  public static final String RECEIVED_AT = "received_at";

  /** The event's own queue message ({@code EventCodec.toMessage}), as text. */
  public static final String EVENT = "event";

  /** A list of maps, each with {@link #ERROR_FIELD} and {@link #ERROR_MESSAGE}. */
  public static final String ERRORS = "errors";

  public static final String ERROR_FIELD = "field";
  public static final String ERROR_MESSAGE = "message";
  public static final String REASON = "reason";

  /** The SchemaVer of the schema that judged the event last; absent when none did. */
  public static final String SCHEMA_VERSION = "schema_version";

  /** When a replay last sent the event through the processor; absent when never replayed. */
  public static final String REPLAYED_AT = "replayed_at";

  /** {@link InvalidEventReplay.ReplayOutcome#text()}; present with {@link #REPLAYED_AT}. */
  public static final String REPLAY_OUTCOME = "replay_outcome";

  private InvalidEventItems() {}

  public static Map<String, AttributeValue> toItem(StoredInvalidEvent invalid) {
    String receivedAt = EventTimestamps.format(invalid.receivedAt());
    String application = invalid.application().toString();
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(TableLayout.INVALID_ID, s(invalid.id()));
    item.put(APPLICATION, s(application));
    item.put(RECEIVED_AT, s(receivedAt));
    item.put(EVENT, s(invalid.message()));
    item.put(
        ERRORS,
        AttributeValue.fromL(invalid.errors().stream().map(InvalidEventItems::of).toList()));
    item.put(REASON, s(invalid.reason()));
    item.put(
        TableLayout.APPLICATION_SHARD,
        s(TableLayout.applicationShard(application, invalid.shard())));
    item.put(TableLayout.RECEIVED_AT_ID, s(TableLayout.sortKey(receivedAt, invalid.id())));
    Attributes.putExpiry(item, invalid.expiresAt());
    invalid.schemaVersion().ifPresent(version -> item.put(SCHEMA_VERSION, s(version)));
    invalid
        .replay()
        .ifPresent(
            replay -> {
              item.put(REPLAYED_AT, s(EventTimestamps.format(replay.replayedAt())));
              item.put(REPLAY_OUTCOME, s(replay.outcome().text()));
            });
    return item;
  }

  /**
   * @throws IllegalStateException naming the attribute, when the item is not one {@link #toItem}
   *     writes
   */
  public static StoredInvalidEvent fromItem(Map<String, AttributeValue> item) {
    AttributeValue errors = item.get(ERRORS);
    return new StoredInvalidEvent(
        Attributes.text(item, TableLayout.INVALID_ID),
        Attributes.uuid(item, APPLICATION),
        Attributes.timestamp(item, RECEIVED_AT),
        Attributes.text(item, EVENT),
        errors == null
            ? List.of()
            : errors.l().stream()
                .map(
                    error ->
                        new FieldError(
                            Attributes.text(error.m(), ERROR_FIELD),
                            Attributes.text(error.m(), ERROR_MESSAGE)))
                .toList(),
        Attributes.text(item, REASON),
        Attributes.shard(item, TableLayout.APPLICATION_SHARD),
        Attributes.expiry(item),
        Attributes.optionalText(item, SCHEMA_VERSION),
        replayOf(item));
  }

  private static Optional<InvalidEventReplay> replayOf(Map<String, AttributeValue> item) {
    if (!item.containsKey(REPLAYED_AT)) {
      return Optional.empty();
    }
    return Optional.of(
        new InvalidEventReplay(
            Attributes.timestamp(item, REPLAYED_AT),
            InvalidEventReplay.ReplayOutcome.ofText(Attributes.text(item, REPLAY_OUTCOME))));
  }

  /** The attribute value of {@code outcome}, for conditions on {@link #REPLAY_OUTCOME}. */
  public static AttributeValue outcome(InvalidEventReplay.ReplayOutcome outcome) {
    return s(outcome.text());
  }

  /** The attribute value of a replay time, for {@link #REPLAYED_AT}. */
  public static AttributeValue replayedAt(Instant at) {
    return s(EventTimestamps.format(at));
  }

  /** The key of the invalid event {@code id}: one item per event id. */
  public static Map<String, AttributeValue> key(String id) {
    return Map.of(TableLayout.INVALID_ID, s(id));
  }

  private static AttributeValue of(FieldError error) {
    return AttributeValue.fromM(
        Map.of(ERROR_FIELD, s(error.field()), ERROR_MESSAGE, s(error.message())));
  }
}

package com.theeye.store;

import static com.theeye.store.Attributes.s;

import com.theeye.event.ClientClock;
import com.theeye.event.ClientContext;
import com.theeye.event.Event;
import com.theeye.event.EventCodec;
import com.theeye.event.EventTimestamps;
import com.theeye.event.Identity;
import com.theeye.event.SegmentMessage;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The one codec of the Events table's items: the processor writes them with {@link #toItem}, the
 * query function reads them with {@link #fromItem}. The keys are {@link TableLayout}'s; the other
 * attribute names are here. Renaming one orphans every item already stored under it.
 */
public final class EventItems {

  public static final String ID = "id";
  public static final String APPLICATION = "application";
  public static final String CATEGORY = "category";
  public static final String NAME = "name";

  /**
   * The data as a DynamoDB map ({@link JsonAttributes}): numbers as numbers, objects as maps, so
   * the console, PartiQL and the export to S3 see its structure. Items written before that, and
   * data DynamoDB cannot hold as a map (a number beyond 38 digits, nesting deeper than 31 levels,
   * an empty member name), hold the text {@link EventCodec#write} prints; {@link #fromItem} reads
   * both.
   */
  public static final String DATA = "data";

  /** {@link EventTimestamps#format}, like every time but the Applications table's. */
  public static final String TIMESTAMP = "timestamp";

  public static final String RECEIVED_AT = "received_at";

  /** The SchemaVer of the schema that passed the event; absent when no schema judged it. */
  public static final String SCHEMA_VERSION = "schema_version";

  /**
   * The sender's user agent ({@link ClientContext#userAgent()}); absent when none was known. Never
   * inside {@link #DATA}.
   */
  public static final String USER_AGENT = "user_agent";

  /**
   * The sender's truncated IP address ({@link ClientContext#address()}: IPv4 /24, IPv6 /48); absent
   * when none was known or capture is off.
   */
  public static final String CLIENT_IP = "client_ip";

  /** {@link com.theeye.event.Identity}: each absent when the event has none. */
  public static final String ANONYMOUS_ID = "anonymous_id";

  public static final String USER_ID = "user_id";

  /** A Segment message's {@code messageId}; absent for native events. */
  public static final String MESSAGE_ID = "message_id";

  /** {@link com.theeye.event.ClientClock}, as {@link #TIMESTAMP}: absent when not corrected. */
  public static final String SENT_AT = "sent_at";

  public static final String ORIGINAL_TIMESTAMP = "original_timestamp";

  /**
   * A Segment message's fields without one of their own, as a map like {@link #DATA} (or its text
   * when DynamoDB cannot hold it as one); absent for native events.
   */
  public static final String SEGMENT = "segment";

  /**
   * {@code true} when no schema described the event's type and it was stored unchecked; absent
   * otherwise, and on items stored before.
   */
  public static final String UNPLANNED = "unplanned";

  private EventItems() {}

  /** The key of an event: its session and {@code <client timestamp>#<id>}. */
  public static Map<String, AttributeValue> key(UUID session, String occurredAtId) {
    return Map.of(
        TableLayout.SESSION_ID, s(session.toString()), TableLayout.OCCURRED_AT_ID, s(occurredAtId));
  }

  /** The application an item's event came from, without decoding the rest of it. */
  public static UUID application(Map<String, AttributeValue> item) {
    return Attributes.uuid(item, APPLICATION);
  }

  /** The sort key of an event, as {@link #toItem} writes it: the client's timestamp and the id. */
  public static String occurredAtId(Event event) {
    return TableLayout.sortKey(EventTimestamps.format(event.clientTimestamp()), event.id());
  }

  public static Map<String, AttributeValue> toItem(StoredEvent stored) {
    Event event = stored.event();
    String timestamp = EventTimestamps.format(event.timestamp());
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(TableLayout.SESSION_ID, s(event.sessionId().toString()));
    // The client's own timestamp, never the corrected one: a retry re-stamps sent_at, which moves
    // the correction, and the key must stay the same for the conditional put to store it once.
    item.put(TableLayout.OCCURRED_AT_ID, s(occurredAtId(event)));
    item.put(
        TableLayout.CATEGORY_SHARD, s(TableLayout.categoryShard(event.category(), stored.shard())));
    item.put(ID, s(event.id()));
    item.put(APPLICATION, s(event.application().toString()));
    item.put(CATEGORY, s(event.category()));
    item.put(NAME, s(event.name()));
    item.put(
        DATA,
        JsonAttributes.toMap(event.data()).orElseGet(() -> s(EventCodec.write(event.data()))));
    item.put(TIMESTAMP, s(timestamp));
    item.put(RECEIVED_AT, s(EventTimestamps.format(event.receivedAt())));
    event.context().userAgent().ifPresent(userAgent -> item.put(USER_AGENT, s(userAgent)));
    event.context().address().ifPresent(address -> item.put(CLIENT_IP, s(address)));
    Attributes.putExpiry(item, stored.expiresAt());
    stored.schemaVersion().ifPresent(version -> item.put(SCHEMA_VERSION, s(version)));
    event.identity().anonymousId().ifPresent(id -> item.put(ANONYMOUS_ID, s(id)));
    event.identity().userId().ifPresent(id -> item.put(USER_ID, s(id)));
    event.segment().messageId().ifPresent(id -> item.put(MESSAGE_ID, s(id)));
    event.clock().sentAt().ifPresent(at -> item.put(SENT_AT, s(EventTimestamps.format(at))));
    event
        .clock()
        .originalTimestamp()
        .ifPresent(at -> item.put(ORIGINAL_TIMESTAMP, s(EventTimestamps.format(at))));
    event
        .segment()
        .fields()
        .ifPresent(
            fields ->
                item.put(
                    SEGMENT,
                    JsonAttributes.toMap(fields).orElseGet(() -> s(EventCodec.write(fields)))));
    if (stored.unplanned()) {
      item.put(UNPLANNED, AttributeValue.fromBool(true));
    }
    return item;
  }

  /**
   * @throws IllegalStateException naming the attribute, when the item is not one {@link #toItem}
   *     writes
   */
  public static StoredEvent fromItem(Map<String, AttributeValue> item) {
    Event event =
        new Event(
            Attributes.text(item, ID),
            Attributes.uuid(item, APPLICATION),
            Attributes.uuid(item, TableLayout.SESSION_ID),
            Attributes.text(item, CATEGORY),
            Attributes.text(item, NAME),
            Attributes.jsonObjectOrText(item, DATA),
            Attributes.timestamp(item, TIMESTAMP),
            Attributes.timestamp(item, RECEIVED_AT),
            new ClientContext(
                Attributes.optionalText(item, USER_AGENT),
                Attributes.optionalText(item, CLIENT_IP)),
            new Identity(
                Attributes.optionalText(item, ANONYMOUS_ID),
                Attributes.optionalText(item, USER_ID)),
            new ClientClock(
                Attributes.optionalTimestamp(item, SENT_AT),
                Attributes.optionalTimestamp(item, ORIGINAL_TIMESTAMP)),
            new SegmentMessage(
                Attributes.optionalText(item, MESSAGE_ID),
                item.containsKey(SEGMENT)
                    ? Optional.of(Attributes.jsonObjectOrText(item, SEGMENT))
                    : Optional.empty()));
    AttributeValue unplanned = item.get(UNPLANNED);
    return new StoredEvent(
        event,
        Attributes.shard(item, TableLayout.CATEGORY_SHARD),
        Attributes.expiry(item),
        Attributes.optionalText(item, SCHEMA_VERSION),
        unplanned != null && Boolean.TRUE.equals(unplanned.bool()));
  }
}

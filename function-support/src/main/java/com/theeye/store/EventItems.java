package com.theeye.store;

import static com.theeye.store.Attributes.s;

import com.theeye.event.ClientContext;
import com.theeye.event.Event;
import com.theeye.event.EventCodec;
import com.theeye.event.EventTimestamps;
import java.util.HashMap;
import java.util.Map;
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

  private EventItems() {}

  public static Map<String, AttributeValue> toItem(StoredEvent stored) {
    Event event = stored.event();
    String timestamp = EventTimestamps.format(event.timestamp());
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(TableLayout.SESSION_ID, s(event.sessionId().toString()));
    item.put(TableLayout.OCCURRED_AT_ID, s(TableLayout.sortKey(timestamp, event.id())));
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
                Attributes.optionalText(item, CLIENT_IP)));
    return new StoredEvent(
        event,
        Attributes.shard(item, TableLayout.CATEGORY_SHARD),
        Attributes.expiry(item),
        Attributes.optionalText(item, SCHEMA_VERSION));
  }
}

package com.theeye.store;

import static com.theeye.store.Attributes.s;

import com.theeye.event.EventTimestamps;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The one codec of the Identities table's items: the processor writes one per person and session it
 * has not seen ({@link #toItem}), the query function reads them to find a person's sessions ({@link
 * #fromItem}). The keys are {@link TableLayout}'s; the other attribute names are here. Renaming one
 * orphans every item already stored under it.
 */
public final class IdentityItems {

  public static final String APPLICATION = "application";

  /** The session, also inside the sort key: read without parsing the key. */
  public static final String SESSION_ID = "session_id";

  /** When the event that last wrote the item was received. */
  public static final String SEEN_AT = "seen_at";

  private IdentityItems() {}

  public static Map<String, AttributeValue> toItem(IdentitySession mapping) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(TableLayout.IDENTITY, s(mapping.identityKey()));
    item.put(
        TableLayout.APPLICATION_SESSION,
        s(
            TableLayout.applicationSession(
                mapping.application().toString(), mapping.session().toString())));
    item.put(APPLICATION, s(mapping.application().toString()));
    item.put(SESSION_ID, s(mapping.session().toString()));
    item.put(SEEN_AT, s(EventTimestamps.format(mapping.seenAt())));
    Attributes.putExpiry(item, mapping.expiresAt());
    return item;
  }

  /**
   * @throws IllegalStateException naming the attribute, when the item is not one {@link #toItem}
   *     writes
   */
  public static IdentitySession fromItem(Map<String, AttributeValue> item) {
    return new IdentitySession(
        Attributes.text(item, TableLayout.IDENTITY),
        Attributes.uuid(item, APPLICATION),
        Attributes.uuid(item, SESSION_ID),
        Attributes.timestamp(item, SEEN_AT),
        Attributes.expiry(item));
  }
}

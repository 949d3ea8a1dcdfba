package com.theeye.store;

import static com.theeye.store.Attributes.s;

import com.theeye.event.EventTimestamps;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The one codec of the Sessions table's items, which the processor writes and reads. The key is
 * {@link TableLayout}'s; the other attribute names are here. Renaming one orphans every item
 * already stored under it.
 */
public final class SessionItems {

  /** The owning application's id. */
  public static final String OWNER = "application";

  public static final String CLAIMED_AT = "claimed_at";

  private SessionItems() {}

  public static Map<String, AttributeValue> toItem(SessionClaim claim) {
    return Map.of(
        TableLayout.SESSION_ID,
        s(claim.session().toString()),
        OWNER,
        s(claim.owner().toString()),
        CLAIMED_AT,
        s(EventTimestamps.format(claim.claimedAt())));
  }

  /**
   * @throws IllegalStateException naming the attribute, when the item is not one {@link #toItem}
   *     writes
   */
  public static SessionClaim fromItem(Map<String, AttributeValue> item) {
    return new SessionClaim(
        Attributes.uuid(item, TableLayout.SESSION_ID),
        Attributes.uuid(item, OWNER),
        Attributes.timestamp(item, CLAIMED_AT));
  }

  /**
   * The owner an item names, also when only {@link #OWNER} was read; empty for no item (an empty
   * map).
   */
  public static Optional<UUID> owner(Map<String, AttributeValue> item) {
    return item.containsKey(OWNER) ? Optional.of(Attributes.uuid(item, OWNER)) : Optional.empty();
  }

  public static Map<String, AttributeValue> key(UUID session) {
    return Map.of(TableLayout.SESSION_ID, s(session.toString()));
  }
}

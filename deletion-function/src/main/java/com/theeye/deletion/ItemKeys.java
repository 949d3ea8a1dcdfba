package com.theeye.deletion;

import com.theeye.store.EventItems;
import com.theeye.store.InvalidEventItems;
import com.theeye.store.MessageClaimItems;
import com.theeye.store.SessionItems;
import com.theeye.store.TableLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The keys of the items a deletion removes, made with each table's own codec so they are the keys
 * the processor wrote.
 */
final class ItemKeys {

  /** What a sweep reads of an event: its key, and what names its claim and its people. */
  static final List<String> EVENT_ATTRIBUTES =
      List.of(
          TableLayout.SESSION_ID,
          TableLayout.OCCURRED_AT_ID,
          EventItems.APPLICATION,
          EventItems.MESSAGE_ID,
          EventItems.USER_ID,
          EventItems.ANONYMOUS_ID);

  private ItemKeys() {}

  /**
   * An event read with {@link #EVENT_ATTRIBUTES} and its Segment messageId's claim, if it has one:
   * deleted in one chunk, since the claim is found only through the event.
   */
  static List<ItemKey> eventWithClaim(Map<String, AttributeValue> event) {
    List<ItemKey> group = new ArrayList<>(2);
    group.add(
        new ItemKey(
            ItemKind.EVENTS,
            Map.of(
                TableLayout.SESSION_ID,
                event.get(TableLayout.SESSION_ID),
                TableLayout.OCCURRED_AT_ID,
                event.get(TableLayout.OCCURRED_AT_ID))));
    AttributeValue messageId = event.get(EventItems.MESSAGE_ID);
    if (messageId != null && messageId.s() != null) {
      group.add(
          new ItemKey(
              ItemKind.MESSAGE_CLAIMS,
              MessageClaimItems.key(EventItems.application(event), messageId.s())));
    }
    return group;
  }

  /**
   * The Identities items that map the event's people (its user id, its anonymous id) to its
   * session.
   */
  static List<ItemKey> identitiesOf(Map<String, AttributeValue> event) {
    String applicationSession =
        TableLayout.applicationSession(
            EventItems.application(event).toString(), event.get(TableLayout.SESSION_ID).s());
    List<ItemKey> keys = new ArrayList<>(2);
    AttributeValue userId = event.get(EventItems.USER_ID);
    if (userId != null && userId.s() != null) {
      keys.add(identity(TableLayout.userIdentity(userId.s()), applicationSession));
    }
    AttributeValue anonymousId = event.get(EventItems.ANONYMOUS_ID);
    if (anonymousId != null && anonymousId.s() != null) {
      keys.add(identity(TableLayout.anonymousIdentity(anonymousId.s()), applicationSession));
    }
    return keys;
  }

  /** The Identities item that maps a person ({@code user#...}, {@code anon#...}) to a session. */
  static ItemKey identity(String identityKey, UUID application, UUID session) {
    return identity(
        identityKey, TableLayout.applicationSession(application.toString(), session.toString()));
  }

  private static ItemKey identity(String identityKey, String applicationSession) {
    return new ItemKey(
        ItemKind.IDENTITIES,
        Map.of(
            TableLayout.IDENTITY,
            AttributeValue.fromS(identityKey),
            TableLayout.APPLICATION_SESSION,
            AttributeValue.fromS(applicationSession)));
  }

  static ItemKey invalidEvent(String id) {
    return new ItemKey(ItemKind.INVALID_EVENTS, InvalidEventItems.key(id));
  }

  /** A session's ownership item in the Sessions table. */
  static ItemKey sessionOwnership(UUID session) {
    return new ItemKey(ItemKind.SESSIONS, SessionItems.key(session));
  }
}

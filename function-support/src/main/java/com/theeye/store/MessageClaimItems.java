package com.theeye.store;

import static com.theeye.store.Attributes.s;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The codec of a Segment messageId's claim, kept in the Sessions table beside the sessions (as the
 * category list is kept in the Events table): partition {@code message#<application>#<messageId>},
 * never a session id (those are UUIDs), naming the Events key of the one event stored under that
 * messageId. Events with a messageId are named by it, but their key also holds the client's
 * timestamp, which two messages with one messageId need not share: the claim is what stores such a
 * messageId once. The processor writes and reads it.
 */
public final class MessageClaimItems {

  /** The session of the event that claimed the messageId. */
  public static final String EVENT_SESSION = "event_session";

  /** The Events sort key ({@code occurred_at_id}) of the event that claimed the messageId. */
  public static final String EVENT_KEY = "event_key";

  private MessageClaimItems() {}

  public static Map<String, AttributeValue> key(UUID application, String messageId) {
    return Map.of(TableLayout.SESSION_ID, s("message#" + application + "#" + messageId));
  }

  public static Map<String, AttributeValue> toItem(
      UUID application,
      String messageId,
      UUID session,
      String eventKey,
      Optional<Instant> expiresAt) {
    Map<String, AttributeValue> item = new HashMap<>(key(application, messageId));
    item.put(EVENT_SESSION, s(session.toString()));
    item.put(EVENT_KEY, s(eventKey));
    Attributes.putExpiry(item, expiresAt);
    return item;
  }

  /** {@code <session>|<event key>} of a claim item, to compare with the claimer's. */
  public static String claimedBy(Map<String, AttributeValue> item) {
    return Attributes.text(item, EVENT_SESSION) + "|" + Attributes.text(item, EVENT_KEY);
  }

  /** The same for an event about to be stored. */
  public static String claimedBy(UUID session, String eventKey) {
    return session + "|" + eventKey;
  }
}

package com.theeye.deletion;

import com.theeye.store.DeletionCounts;
import com.theeye.store.DeletionItems;

/**
 * The kinds of item a deletion removes: each names its table and the count it adds to ({@link
 * DeletionCounts}), and is written into the job's write-ahead record by {@link #wireName}.
 */
enum ItemKind {
  EVENTS("events", DeletionItems.DELETED_EVENTS),
  INVALID_EVENTS("invalid_events", DeletionItems.DELETED_INVALID_EVENTS),
  IDENTITIES("identities", DeletionItems.DELETED_IDENTITIES),
  /** Segment messageId claims, kept in the Sessions table. */
  MESSAGE_CLAIMS("message_claims", DeletionItems.DELETED_MESSAGE_CLAIMS),
  /** A session's ownership item, in the Sessions table. */
  SESSIONS("sessions", DeletionItems.DELETED_SESSIONS);

  private final String wireName;
  private final String countAttribute;

  ItemKind(String wireName, String countAttribute) {
    this.wireName = wireName;
    this.countAttribute = countAttribute;
  }

  String wireName() {
    return wireName;
  }

  /** The deletion item's attribute that counts this kind's deletes. */
  String countAttribute() {
    return countAttribute;
  }

  /** The table that holds this kind of item. */
  String table(DeletionConfig config) {
    return switch (this) {
      case EVENTS -> config.eventsTable();
      case INVALID_EVENTS -> config.invalidEventsTable();
      case IDENTITIES -> config.identitiesTable();
      case MESSAGE_CLAIMS, SESSIONS -> config.sessionsTable();
    };
  }

  static ItemKind ofWireName(String name) {
    for (ItemKind kind : values()) {
      if (kind.wireName.equals(name)) {
        return kind;
      }
    }
    throw new IllegalStateException("no kind of deleted item \"" + name + "\"");
  }

  /** {@code n} deletes of this kind, as counts. */
  DeletionCounts counts(long n) {
    return switch (this) {
      case EVENTS -> new DeletionCounts(n, 0, 0, 0, 0);
      case INVALID_EVENTS -> new DeletionCounts(0, n, 0, 0, 0);
      case IDENTITIES -> new DeletionCounts(0, 0, n, 0, 0);
      case MESSAGE_CLAIMS -> new DeletionCounts(0, 0, 0, n, 0);
      case SESSIONS -> new DeletionCounts(0, 0, 0, 0, n);
    };
  }
}

package com.theeye.store;

/**
 * What a deletion removed, per kind of item: the numbers its status and its audit record show.
 *
 * @param events items of the Events table
 * @param invalidEvents items of the InvalidEvents table
 * @param identities person-to-session mappings of the Identities table
 * @param messageClaims Segment {@code messageId} claims of the Sessions table
 * @param sessions session ownership items of the Sessions table (a session's deletion only)
 */
public record DeletionCounts(
    long events, long invalidEvents, long identities, long messageClaims, long sessions) {

  public static final DeletionCounts NONE = new DeletionCounts(0, 0, 0, 0, 0);

  public DeletionCounts {
    if (events < 0 || invalidEvents < 0 || identities < 0 || messageClaims < 0 || sessions < 0) {
      throw new IllegalArgumentException("a negative count");
    }
  }

  public DeletionCounts plus(DeletionCounts other) {
    return new DeletionCounts(
        events + other.events,
        invalidEvents + other.invalidEvents,
        identities + other.identities,
        messageClaims + other.messageClaims,
        sessions + other.sessions);
  }
}

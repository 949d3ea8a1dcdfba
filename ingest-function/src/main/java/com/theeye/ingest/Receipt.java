package com.theeye.ingest;

import com.theeye.event.Event;
import com.theeye.store.EventItems;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Where one accepted event will be, read back by key without a scan: its Events item (session and
 * {@code occurred_at_id}) or its InvalidEvents item (its id, the sort key's end), and whose it is.
 *
 * @param application the application that sent it; only that application may ask
 * @param session the event's session, the Events partition
 * @param occurredAtId the Events sort key ({@link EventItems#occurredAtId})
 * @param receivedAt when it was accepted
 */
record Receipt(UUID application, UUID session, String occurredAtId, Instant receivedAt) {

  Receipt {
    Objects.requireNonNull(application, "application");
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(receivedAt, "receivedAt");
    int hash = occurredAtId.lastIndexOf('#');
    if (hash < 1 || hash == occurredAtId.length() - 1) {
      throw new IllegalArgumentException("not an occurred_at_id: " + occurredAtId);
    }
  }

  static Receipt of(Event event) {
    return new Receipt(
        event.application(), event.sessionId(), EventItems.occurredAtId(event), event.receivedAt());
  }

  /** The event's id: the InvalidEvents key. */
  String eventId() {
    return occurredAtId.substring(occurredAtId.lastIndexOf('#') + 1);
  }
}

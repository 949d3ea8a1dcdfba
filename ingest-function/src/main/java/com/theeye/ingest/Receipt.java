package com.theeye.ingest;

import com.theeye.event.Event;
import com.theeye.event.Identity;
import com.theeye.store.EventItems;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Where one accepted event will be, read back by key without a scan: its Events item (session and
 * {@code occurred_at_id}) or its InvalidEvents item (its id, the sort key's end), whose it is, and
 * the people whose deletion would remove it.
 *
 * @param application the application that sent it; only that application may ask
 * @param session the event's session, the Events partition
 * @param occurredAtId the Events sort key ({@link EventItems#occurredAtId})
 * @param receivedAt when it was accepted
 * @param identity the event's {@code user_id} and {@code anonymous_id}, as its sender sent them;
 *     none in a receipt made before receipts carried them
 */
record Receipt(
    UUID application, UUID session, String occurredAtId, Instant receivedAt, Identity identity) {

  Receipt {
    Objects.requireNonNull(application, "application");
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(identity, "identity");
    int hash = occurredAtId.lastIndexOf('#');
    if (hash < 1 || hash == occurredAtId.length() - 1) {
      throw new IllegalArgumentException("not an occurred_at_id: " + occurredAtId);
    }
  }

  static Receipt of(Event event) {
    return new Receipt(
        event.application(),
        event.sessionId(),
        EventItems.occurredAtId(event),
        event.receivedAt(),
        event.identity());
  }

  /** The event's id: the InvalidEvents key. */
  String eventId() {
    return occurredAtId.substring(occurredAtId.lastIndexOf('#') + 1);
  }
}

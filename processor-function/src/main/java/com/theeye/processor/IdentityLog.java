package com.theeye.processor;

import com.theeye.cache.LruCache;
import com.theeye.event.Event;
import com.theeye.store.IdentityItems;
import com.theeye.store.IdentitySession;
import com.theeye.store.TableLayout;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Records in the Identities table which sessions each person's events are in ({@link
 * IdentityItems}), so a query by user id or anonymous id reads those sessions: one put per
 * (identity, session) pair an execution environment has not seen, never one per event, and none for
 * an event without identity (every native event sent before there were identities). The put is
 * unconditional and names the same item each time, so repeating it is harmless; recorded pairs are
 * remembered, as session owners are.
 *
 * <p>With a retention, the item expires a day after the latest event that wrote it would: it is
 * written again when an event would outlive it, at most about once a day per pair and environment,
 * so a long-lived session (a browser's anonymous id) stays findable as long as its events are.
 */
final class IdentityLog {

  /** Slack added to an item's expiry, so a pair seen every day is rewritten about once a day. */
  static final Duration EXPIRY_SLACK = Duration.ofDays(1);

  /** Pairs are about as many as sessions; bounded as the session owners are. */
  static final int REMEMBERED_PAIRS = 100_000;

  /** Remembered pair → the expiry written (Instant.MAX: none). */
  private final LruCache<String, Instant> recorded = new LruCache<>(REMEMBERED_PAIRS);

  private final DynamoDbClient dynamoDb;
  private final String table;

  IdentityLog(DynamoDbClient dynamoDb, String table) {
    this.dynamoDb = dynamoDb;
    this.table = table;
  }

  /**
   * Records the event's identities' session, unless this environment did already.
   *
   * @param expiresAt when the event itself expires; empty: never
   */
  void record(Event event, Optional<Instant> expiresAt) {
    for (String identity : identityKeys(event)) {
      String pair =
          identity
              + "\n"
              + TableLayout.applicationSession(
                  event.application().toString(), event.sessionId().toString());
      Instant written = recorded.get(pair);
      Instant needed = expiresAt.orElse(Instant.MAX);
      if (written != null && !written.isBefore(needed)) {
        continue;
      }
      Optional<Instant> expiry = expiresAt.map(at -> at.plus(EXPIRY_SLACK));
      dynamoDb.putItem(
          b ->
              b.tableName(table)
                  .item(
                      IdentityItems.toItem(
                          new IdentitySession(
                              identity,
                              event.application(),
                              event.sessionId(),
                              event.receivedAt(),
                              expiry))));
      recorded.put(pair, expiry.orElse(Instant.MAX));
    }
  }

  /** The Identities partitions of the event's user id and anonymous id, those it has. */
  static List<String> identityKeys(Event event) {
    List<String> keys = new ArrayList<>(2);
    event.identity().userId().map(TableLayout::userIdentity).ifPresent(keys::add);
    event.identity().anonymousId().map(TableLayout::anonymousIdentity).ifPresent(keys::add);
    return keys;
  }
}

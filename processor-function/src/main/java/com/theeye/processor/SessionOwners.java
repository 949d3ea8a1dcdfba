package com.theeye.processor;

import com.theeye.cache.LruCache;
import com.theeye.store.SessionClaim;
import com.theeye.store.SessionItems;
import com.theeye.store.TableLayout;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Which application owns each session: the first to send an event for it. Ownership never changes
 * once set, so owners seen are remembered for the life of the execution environment and most events
 * need no round trip at all.
 *
 * <p>An unknown session is read first (eventually consistent, half a read unit): a session that
 * exists is the common case after a cold start, and a read is cheaper than the write a blind claim
 * would cost. Stale reads are harmless: an owner, once seen, is final; an absence is settled by the
 * conditional claim, which lets exactly one application win a race. The loser re-reads, strongly
 * consistent, to learn the winner.
 */
final class SessionOwners {

  private final DynamoDbClient dynamoDb;
  private final String table;
  private final Clock clock;

  /**
   * Sessions are short-lived and many; a bounded cache keeps the recent ones without growing
   * forever.
   */
  static final int REMEMBERED_SESSIONS = 100_000;

  private final LruCache<UUID, UUID> known = new LruCache<>(REMEMBERED_SESSIONS);

  SessionOwners(DynamoDbClient dynamoDb, String table, Clock clock) {
    this.dynamoDb = dynamoDb;
    this.table = table;
    this.clock = clock;
  }

  /** Whether {@code application} owns {@code session}, claiming it when nobody does yet. */
  boolean claim(UUID session, UUID application) {
    UUID owner = known.get(session);
    if (owner == null) {
      owner = read(session, false);
    }
    if (owner == null) {
      owner = tryClaim(session, application) ? application : read(session, true);
    }
    if (owner == null) {
      throw new IllegalStateException("session " + session + " was claimed but has no owner");
    }
    known.put(session, owner);
    return owner.equals(application);
  }

  /** The session's owner as known or read now (eventually consistent); claims nothing. */
  Optional<UUID> currentOwner(UUID session) {
    UUID owner = known.get(session);
    return Optional.ofNullable(owner != null ? owner : read(session, false));
  }

  private UUID read(UUID session, boolean consistent) {
    Map<String, AttributeValue> item =
        dynamoDb
            .getItem(
                b ->
                    b.tableName(table)
                        .key(SessionItems.key(session))
                        .projectionExpression("#owner")
                        .expressionAttributeNames(Map.of("#owner", SessionItems.OWNER))
                        .consistentRead(consistent))
            .item();
    return item == null ? null : SessionItems.owner(item).orElse(null);
  }

  private boolean tryClaim(UUID session, UUID application) {
    try {
      dynamoDb.putItem(
          b ->
              b.tableName(table)
                  .item(
                      SessionItems.toItem(new SessionClaim(session, application, clock.instant())))
                  // Same application passes too: two of its events racing for a new session both
                  // succeed.
                  .conditionExpression("attribute_not_exists(#session) OR #owner = :application")
                  .expressionAttributeNames(
                      Map.of("#session", TableLayout.SESSION_ID, "#owner", SessionItems.OWNER))
                  .expressionAttributeValues(
                      Map.of(":application", AttributeValue.fromS(application.toString()))));
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
  }
}

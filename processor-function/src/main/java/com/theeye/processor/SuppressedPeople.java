package com.theeye.processor;

import com.theeye.cache.LruCache;
import com.theeye.event.Event;
import com.theeye.event.Identity;
import com.theeye.store.DeletionItems;
import com.theeye.store.DeletionSubject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Whether an event's person is suppressed: its {@code user_id} or {@code anonymous_id} was deleted
 * for its application ({@code DELETE /api/v1/users/...}), and an operator has not lifted the
 * suppression since. Read from the person's subject item in the Deletions table ({@link
 * DeletionItems#subjectKey}, {@link DeletionItems#SUPPRESSED}).
 *
 * <p>Each answer, suppressed or not, is remembered per person and application for {@code
 * SUPPRESSION_CACHE_SECONDS}: one eventually consistent GetItem (half a read unit, the item or its
 * absence: "DynamoDB read and write operations", DynamoDB Developer Guide) per person, execution
 * environment and period; an event without a user or anonymous id costs nothing. A stale answer is
 * what the deletion job waits out: it sweeps again once no processor can still hold a "not
 * suppressed" from before the deletion was requested.
 */
final class SuppressedPeople {

  /**
   * People are many and come from the internet; a bounded cache keeps the recent ones. The same
   * bound as the sessions', whose owners are remembered the same way.
   */
  static final int REMEMBERED_PEOPLE = 100_000;

  private final DynamoDbClient dynamoDb;
  private final String table;
  private final Duration remembered;
  private final Clock clock;
  private final LruCache<DeletionSubject, Standing> known = new LruCache<>(REMEMBERED_PEOPLE);

  /**
   * @param remembered how long an answer is kept; zero reads the table for every event
   */
  SuppressedPeople(DynamoDbClient dynamoDb, String table, Duration remembered, Clock clock) {
    this.dynamoDb = dynamoDb;
    this.table = table;
    this.remembered = remembered;
    this.clock = clock;
  }

  /**
   * Whether the event's user, or else its anonymous id, is suppressed for its application.
   *
   * @throws SdkException when the table cannot be read: the event's work fails as any storage
   *     failure does (throttling is retried, then handed back)
   */
  boolean suppresses(Event event) {
    Identity identity = event.identity();
    UUID application = event.application();
    return identity
            .userId()
            .map(id -> suppressed(DeletionSubject.user(application, id)))
            .orElse(false)
        || identity
            .anonymousId()
            .map(id -> suppressed(DeletionSubject.anonymous(application, id)))
            .orElse(false);
  }

  private boolean suppressed(DeletionSubject person) {
    Instant now = clock.instant();
    Standing standing = known.get(person);
    if (standing != null && now.isBefore(standing.until())) {
      return standing.suppressed();
    }
    boolean suppressed = read(person);
    if (!remembered.isZero()) {
      known.put(person, new Standing(suppressed, now.plus(remembered)));
    }
    return suppressed;
  }

  private boolean read(DeletionSubject person) {
    Map<String, AttributeValue> item =
        dynamoDb
            .getItem(
                b ->
                    b.tableName(table)
                        .key(DeletionItems.subjectKey(person))
                        .projectionExpression("#suppressed")
                        .expressionAttributeNames(Map.of("#suppressed", DeletionItems.SUPPRESSED))
                        .consistentRead(false))
            .item();
    return DeletionItems.suppressed(item);
  }

  /** A person's answer and until when it holds. */
  private record Standing(boolean suppressed, Instant until) {}
}

package com.theeye.query;

import com.theeye.cache.LruCache;
import com.theeye.store.ApplicationItems;
import com.theeye.store.TrustedApplication;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The applications {@code /recent/} may be asked about: an id no application has gets 400, so the
 * inspector can say so instead of waiting for ever for events that cannot come (the ingest refuses
 * an unknown application). One GetItem per id, remembered for {@link #REMEMBERED_FOR}; the answer
 * names the application too.
 */
final class KnownApplications {

  static final Duration REMEMBERED_FOR = Duration.ofMinutes(1);

  /** Bounded, as the trust caches are: a caller may ask about any number of ids. */
  static final int REMEMBERED_APPLICATIONS = 1_000;

  private record Remembered(Optional<TrustedApplication> application, Instant expiresAt) {}

  private final DynamoDbClient dynamoDb;
  private final String table;
  private final Clock clock;
  private final LruCache<UUID, Remembered> remembered = new LruCache<>(REMEMBERED_APPLICATIONS);

  KnownApplications(DynamoDbClient dynamoDb, String table, Clock clock) {
    this.dynamoDb = dynamoDb;
    this.table = table;
    this.clock = clock;
  }

  /**
   * The application {@code id} names, enabled or not; empty when none does.
   *
   * @throws SdkException when the table cannot be read (the caller answers 503)
   */
  Optional<TrustedApplication> find(UUID id) {
    Instant now = clock.instant();
    Remembered cached = remembered.get(id);
    if (cached != null && now.isBefore(cached.expiresAt())) {
      return cached.application();
    }
    Map<String, AttributeValue> item =
        dynamoDb.getItem(b -> b.tableName(table).key(ApplicationItems.key(id))).item();
    Optional<TrustedApplication> found =
        item == null || item.isEmpty()
            ? Optional.empty()
            : Optional.of(ApplicationItems.fromItem(item));
    remembered.put(id, new Remembered(found, now.plus(REMEMBERED_FOR)));
    return found;
  }
}

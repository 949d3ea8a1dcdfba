package com.theeye.ingest;

import com.theeye.cache.LruCache;
import com.theeye.store.ApplicationItems;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Answers whether an application id belongs to an enabled trusted application, from the
 * Applications table.
 *
 * <p>Verdicts are remembered per execution environment, trusted ones longer than untrusted ones, so
 * a warm request pays no DynamoDB round trip and a flood from an unknown id does not become a flood
 * of reads. Revoking an application therefore takes effect within the trusted TTL.
 */
public final class TrustedApplications {

  private final DynamoDbClient dynamoDb;
  private final String tableName;
  private final Duration trustedTtl;
  private final Duration untrustedTtl;
  private final Clock clock;

  /**
   * Bounded: anyone can send random application ids, and each would otherwise stay remembered as
   * untrusted for the life of the environment.
   */
  static final int REMEMBERED_APPLICATIONS = 10_000;

  private final LruCache<UUID, Verdict> verdicts = new LruCache<>(REMEMBERED_APPLICATIONS);

  public TrustedApplications(
      DynamoDbClient dynamoDb,
      String tableName,
      Duration trustedTtl,
      Duration untrustedTtl,
      Clock clock) {
    this.dynamoDb = dynamoDb;
    this.tableName = tableName;
    this.trustedTtl = trustedTtl;
    this.untrustedTtl = untrustedTtl;
    this.clock = clock;
  }

  /**
   * Whether {@code application} may send events.
   *
   * @throws SdkException when the table cannot be read; the caller answers 503 and the client
   *     retries
   */
  public boolean isTrusted(UUID application) {
    Instant now = clock.instant();
    Verdict cached = verdicts.get(application);
    if (cached != null && now.isBefore(cached.expiresAt())) {
      return cached.trusted();
    }
    boolean trusted = lookUp(application);
    verdicts.put(application, new Verdict(trusted, now.plus(trusted ? trustedTtl : untrustedTtl)));
    return trusted;
  }

  private boolean lookUp(UUID application) {
    Map<String, AttributeValue> item =
        dynamoDb
            .getItem(
                b ->
                    b.tableName(tableName)
                        .key(ApplicationItems.key(application))
                        .projectionExpression(ApplicationItems.ENABLED))
            .item();
    return item != null && ApplicationItems.enabled(item);
  }

  private record Verdict(boolean trusted, Instant expiresAt) {}
}

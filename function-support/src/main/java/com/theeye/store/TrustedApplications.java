package com.theeye.store;

import com.theeye.cache.LruCache;
import com.theeye.http.Origins;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Answers whether an application id belongs to an enabled trusted application, and which web
 * origins it allows, from the Applications table. The ingest asks before it queues; the processor
 * asks again before it stores, since a queue message may have been written by anyone who can send
 * to the queue.
 *
 * <p>Answers are remembered per execution environment, trusted ones longer than untrusted ones, so
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

  private final LruCache<UUID, Remembered> remembered = new LruCache<>(REMEMBERED_APPLICATIONS);

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
    return trust(application).trusted();
  }

  /**
   * Whether {@code application} may send events, and from which origins; remembered as long as
   * {@link #isTrusted}'s answer, so an origin list change also bites within the trusted TTL.
   *
   * @throws SdkException when the table cannot be read
   */
  public Trust trust(UUID application) {
    Instant now = clock.instant();
    Remembered cached = remembered.get(application);
    if (cached != null && now.isBefore(cached.expiresAt())) {
      return cached.trust();
    }
    Trust trust = lookUp(application);
    remembered.put(
        application, new Remembered(trust, now.plus(trust.trusted() ? trustedTtl : untrustedTtl)));
    return trust;
  }

  private Trust lookUp(UUID application) {
    Map<String, AttributeValue> item =
        dynamoDb
            .getItem(
                b ->
                    b.tableName(tableName)
                        .key(ApplicationItems.key(application))
                        .projectionExpression("#enabled, #origins, #unknown")
                        .expressionAttributeNames(
                            Map.of(
                                "#enabled",
                                ApplicationItems.ENABLED,
                                "#origins",
                                ApplicationItems.ALLOWED_ORIGINS,
                                "#unknown",
                                ApplicationItems.UNKNOWN_TYPES)))
            .item();
    if (item == null || !ApplicationItems.enabled(item)) {
      return Trust.UNTRUSTED;
    }
    // An origin written by hand in another spelling still matches; one that is no origin matches
    // nothing, so a mistyped list refuses browsers rather than allowing all of them.
    List<String> origins =
        ApplicationItems.allowedOrigins(item).stream()
            .map(origin -> Origins.normalize(origin).orElse(origin))
            .toList();
    return new Trust(true, origins, ApplicationItems.unknownTypes(item));
  }

  /**
   * Whether an application may send events, and from which origins.
   *
   * @param trusted whether the application is registered and enabled
   * @param allowedOrigins the web origins its browsers may send from; empty: any
   * @param unknownTypes the application's own unknown-type policy; empty: the default
   */
  public record Trust(
      boolean trusted, List<String> allowedOrigins, Optional<UnknownEventTypes> unknownTypes) {

    public static final Trust UNTRUSTED = new Trust(false, List.of());

    public static final Trust ANY_ORIGIN = new Trust(true, List.of());

    public Trust {
      allowedOrigins = List.copyOf(allowedOrigins);
      Objects.requireNonNull(unknownTypes, "unknownTypes");
    }

    /** Trust with the default unknown-type policy. */
    public Trust(boolean trusted, List<String> allowedOrigins) {
      this(trusted, allowedOrigins, Optional.empty());
    }

    /** Whether a request with this {@code Origin} header (none: not from a browser) may send. */
    public boolean allowsOrigin(Optional<String> origin) {
      return origin.isEmpty() || Origins.allows(allowedOrigins, origin.get());
    }
  }

  private record Remembered(Trust trust, Instant expiresAt) {}
}

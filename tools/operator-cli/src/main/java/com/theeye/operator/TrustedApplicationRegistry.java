package com.theeye.operator;

import com.theeye.store.ApplicationItems;
import com.theeye.store.TableLayout;
import com.theeye.store.TrustedApplication;
import com.theeye.store.UnknownEventTypes;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The Applications table as operators change it: register an application (it is trusted at once),
 * list them, and disable or enable one. The ingest function reads the same items; it may keep
 * trusting a disabled application for up to TRUSTED_CACHE_SECONDS.
 */
public final class TrustedApplicationRegistry {

  private final DynamoDbClient dynamoDb;
  private final String table;
  private final Clock clock;

  public TrustedApplicationRegistry(DynamoDbClient dynamoDb, String table, Clock clock) {
    this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
    this.table = Objects.requireNonNull(table, "table");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Registers a new, enabled application under a fresh id, any origin allowed. */
  public TrustedApplication add(String name) {
    return add(name, List.of());
  }

  /**
   * Registers a new, enabled application under a fresh id.
   *
   * @param origins the only web origins browsers may send its events from; empty: any
   */
  public TrustedApplication add(String name, List<String> origins) {
    return add(name, origins, Optional.empty());
  }

  /**
   * Registers a new, enabled application under a fresh id.
   *
   * @param origins the only web origins browsers may send its events from; empty: any
   * @param unknownTypes its unknown-type policy; empty: the default
   */
  public TrustedApplication add(
      String name, List<String> origins, Optional<UnknownEventTypes> unknownTypes) {
    TrustedApplication application =
        new TrustedApplication(
            UUID.randomUUID(), name, true, clock.instant(), origins, unknownTypes);
    dynamoDb.putItem(
        b ->
            b.tableName(table)
                .item(ApplicationItems.toItem(application))
                // A random UUID never collides in practice; the condition makes "never overwrites"
                // a guarantee.
                .conditionExpression("attribute_not_exists(#id)")
                .expressionAttributeNames(Map.of("#id", TableLayout.APPLICATION_ID)));
    return application;
  }

  /**
   * Every registered application, oldest first. The table is small, so a scan is the right tool.
   */
  public List<TrustedApplication> list() {
    return dynamoDb.scanPaginator(b -> b.tableName(table).consistentRead(true)).items().stream()
        .map(ApplicationItems::fromItem)
        .sorted(
            Comparator.comparing(TrustedApplication::createdAt)
                .thenComparing(TrustedApplication::name))
        .toList();
  }

  public TrustedApplication disable(UUID id) {
    return setEnabled(id, false);
  }

  public TrustedApplication enable(UUID id) {
    return setEnabled(id, true);
  }

  /**
   * Replaces the origins browsers may send the application's events from; an empty list allows any
   * origin again. The ingest function sees the change within TRUSTED_CACHE_SECONDS.
   *
   * @throws IllegalArgumentException when one is no origin
   */
  public TrustedApplication setOrigins(UUID id, List<String> origins) {
    // The record puts them in normal form, or refuses what is no origin.
    List<String> normal =
        new TrustedApplication(id, "check", true, clock.instant(), origins).allowedOrigins();
    return update(
        id,
        ApplicationItems.ALLOWED_ORIGINS,
        normal.isEmpty() ? Optional.empty() : Optional.of(ApplicationItems.origins(normal)));
  }

  /**
   * Sets what the processor does with the application's events of a type no schema describes;
   * empty: the default again. The processor sees the change within its trust cache's time.
   */
  public TrustedApplication setUnknownTypes(UUID id, Optional<UnknownEventTypes> policy) {
    return update(
        id, ApplicationItems.UNKNOWN_TYPES, policy.map(p -> AttributeValue.fromS(p.text())));
  }

  private TrustedApplication setEnabled(UUID id, boolean enabled) {
    return update(id, ApplicationItems.ENABLED, Optional.of(AttributeValue.fromBool(enabled)));
  }

  /**
   * Sets one attribute of an existing application's item, or removes it when {@code value} is
   * empty, and answers the application as it now is.
   */
  private TrustedApplication update(UUID id, String attribute, Optional<AttributeValue> value) {
    try {
      Map<String, AttributeValue> updated =
          dynamoDb
              .updateItem(
                  b -> {
                    b.tableName(table)
                        .key(ApplicationItems.key(id))
                        // Without the condition UpdateItem would create a nameless item for a
                        // mistyped id.
                        .conditionExpression("attribute_exists(#id)")
                        .expressionAttributeNames(
                            Map.of("#attribute", attribute, "#id", TableLayout.APPLICATION_ID))
                        .returnValues(ReturnValue.ALL_NEW);
                    value.ifPresentOrElse(
                        v ->
                            b.updateExpression("SET #attribute = :value")
                                .expressionAttributeValues(Map.of(":value", v)),
                        () -> b.updateExpression("REMOVE #attribute"));
                  })
              .attributes();
      return ApplicationItems.fromItem(updated);
    } catch (ConditionalCheckFailedException e) {
      throw new UnknownApplicationException(id, table);
    }
  }
}

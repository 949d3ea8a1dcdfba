package com.theeye.store;

import static com.theeye.store.Attributes.s;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The one codec of the Applications table's items: the operator CLI writes them, the ingest
 * function reads whether one is enabled. The key is {@link TableLayout}'s; the other attribute
 * names are here. Renaming one orphans every item already stored under it.
 */
public final class ApplicationItems {

  public static final String NAME = "name";

  /** A boolean; a missing one means disabled. */
  public static final String ENABLED = "enabled";

  /** {@link Instant#toString()}, unlike the other tables' times. */
  public static final String CREATED_AT = "created_at";

  /**
   * A string set of the origins browsers may send its events from, in {@link
   * com.theeye.http.Origins}'s normal form; absent (DynamoDB has no empty sets) means any origin.
   */
  public static final String ALLOWED_ORIGINS = "allowed_origins";

  /**
   * {@link UnknownEventTypes#text()}: what the processor does with this application's events of a
   * type no schema describes; absent means the default (the stack's {@code UNKNOWN_EVENT_TYPES},
   * {@code accept} for Segment messages).
   */
  public static final String UNKNOWN_TYPES = "unknown_types";

  private ApplicationItems() {}

  public static Map<String, AttributeValue> toItem(TrustedApplication application) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(TableLayout.APPLICATION_ID, s(application.id().toString()));
    item.put(NAME, s(application.name()));
    item.put(ENABLED, AttributeValue.fromBool(application.enabled()));
    item.put(CREATED_AT, s(application.createdAt().toString()));
    if (!application.allowedOrigins().isEmpty()) {
      item.put(ALLOWED_ORIGINS, origins(application.allowedOrigins()));
    }
    application.unknownTypes().ifPresent(policy -> item.put(UNKNOWN_TYPES, s(policy.text())));
    return item;
  }

  /** The attribute value of a non-empty origin list. */
  public static AttributeValue origins(List<String> origins) {
    if (origins.isEmpty()) {
      throw new IllegalArgumentException("DynamoDB stores no empty set: remove the attribute");
    }
    return AttributeValue.fromSs(origins);
  }

  /** The origins the item allows, also when only {@link #ALLOWED_ORIGINS} was read; empty: any. */
  public static List<String> allowedOrigins(Map<String, AttributeValue> item) {
    AttributeValue origins = item.get(ALLOWED_ORIGINS);
    return origins == null || !origins.hasSs() ? List.of() : List.copyOf(origins.ss());
  }

  /**
   * Also an item written by hand: without a name it reads as {@code (unnamed)}, without a creation
   * time as created at the epoch.
   */
  public static TrustedApplication fromItem(Map<String, AttributeValue> item) {
    AttributeValue name = item.get(NAME);
    AttributeValue createdAt = item.get(CREATED_AT);
    return new TrustedApplication(
        Attributes.uuid(item, TableLayout.APPLICATION_ID),
        name == null ? "(unnamed)" : name.s(),
        enabled(item),
        createdAt == null ? Instant.EPOCH : Instant.parse(createdAt.s()),
        allowedOrigins(item),
        unknownTypes(item));
  }

  /**
   * The application's own unknown-type policy, also when only {@link #UNKNOWN_TYPES} was read;
   * empty: the default. A value no policy has (written by hand) reads as the default.
   */
  public static Optional<UnknownEventTypes> unknownTypes(Map<String, AttributeValue> item) {
    AttributeValue policy = item.get(UNKNOWN_TYPES);
    return policy == null || policy.s() == null
        ? Optional.empty()
        : UnknownEventTypes.ofText(policy.s());
  }

  /** Whether the item names an enabled application, also when only {@link #ENABLED} was read. */
  public static boolean enabled(Map<String, AttributeValue> item) {
    AttributeValue enabled = item.get(ENABLED);
    return enabled != null && Boolean.TRUE.equals(enabled.bool());
  }

  public static Map<String, AttributeValue> key(UUID application) {
    return Map.of(TableLayout.APPLICATION_ID, s(application.toString()));
  }
}

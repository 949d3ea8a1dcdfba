package com.theeye.store;

import com.theeye.http.Origins;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;

/**
 * An application allowed to send events, as the Applications table stores it ({@link
 * ApplicationItems}).
 *
 * @param allowedOrigins the web origins browsers may send its events from, in {@link Origins}'s
 *     normal form, sorted; empty: any origin (and requests without an {@code Origin} are always
 *     allowed)
 * @param unknownTypes what the processor does with its events of a type no schema describes; empty:
 *     the default (the stack's {@code UNKNOWN_EVENT_TYPES}, {@code accept} for Segment messages)
 */
public record TrustedApplication(
    UUID id,
    String name,
    boolean enabled,
    Instant createdAt,
    List<String> allowedOrigins,
    Optional<UnknownEventTypes> unknownTypes) {

  public TrustedApplication {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(createdAt, "createdAt");
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("an application needs a non-blank name");
    }
    TreeSet<String> normal = new TreeSet<>();
    for (String origin : allowedOrigins) {
      normal.add(
          Origins.normalize(origin)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "'" + origin + "' is not an origin (scheme://host[:port])")));
    }
    allowedOrigins = List.copyOf(normal);
    Objects.requireNonNull(unknownTypes, "unknownTypes");
  }

  /** An application with the default unknown-type policy. */
  public TrustedApplication(
      UUID id, String name, boolean enabled, Instant createdAt, List<String> allowedOrigins) {
    this(id, name, enabled, createdAt, allowedOrigins, Optional.empty());
  }

  /** An application any origin may send from. */
  public TrustedApplication(UUID id, String name, boolean enabled, Instant createdAt) {
    this(id, name, enabled, createdAt, List.of());
  }
}

package com.theeye.store;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An application allowed to send events, as the Applications table stores it ({@link
 * ApplicationItems}).
 */
public record TrustedApplication(UUID id, String name, boolean enabled, Instant createdAt) {

  public TrustedApplication {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(createdAt, "createdAt");
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("an application needs a non-blank name");
    }
  }
}

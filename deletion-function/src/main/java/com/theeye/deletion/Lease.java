package com.theeye.deletion;

import java.util.Objects;
import java.util.UUID;

/**
 * One run's hold on a deletion's job: every write the run makes to the deletion's item is
 * conditional on {@code owner} still being the item's {@link
 * com.theeye.store.DeletionItems#LEASE_OWNER}.
 */
record Lease(UUID deletion, String owner) {

  Lease {
    Objects.requireNonNull(deletion, "deletion");
    Objects.requireNonNull(owner, "owner");
  }

  static Lease newFor(UUID deletion) {
    return new Lease(deletion, UUID.randomUUID().toString());
  }
}

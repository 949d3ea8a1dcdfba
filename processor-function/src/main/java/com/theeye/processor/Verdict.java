package com.theeye.processor;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the validator decided about one event, and by which rules.
 *
 * @param violations every violation found; empty when the event is valid
 * @param schemaVersion the version of the type's schema that judged it; empty when its type has no
 *     schema
 * @param unplanned whether no schema describes its type and the policy accepts it unchecked
 */
record Verdict(List<Violation> violations, Optional<String> schemaVersion, boolean unplanned) {

  Verdict {
    violations = List.copyOf(violations);
    Objects.requireNonNull(schemaVersion, "schemaVersion");
  }

  Verdict(List<Violation> violations, Optional<String> schemaVersion) {
    this(violations, schemaVersion, false);
  }

  boolean valid() {
    return violations.isEmpty();
  }
}

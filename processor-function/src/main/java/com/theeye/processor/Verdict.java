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
 */
record Verdict(List<Violation> violations, Optional<String> schemaVersion) {

  Verdict {
    violations = List.copyOf(violations);
    Objects.requireNonNull(schemaVersion, "schemaVersion");
  }

  boolean valid() {
    return violations.isEmpty();
  }
}

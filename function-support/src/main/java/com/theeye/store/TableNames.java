package com.theeye.store;

import java.util.Objects;

/** The six DynamoDB tables of one deployment of The Eye. */
public record TableNames(
    String applications,
    String events,
    String sessions,
    String invalidEvents,
    String identities,
    String deletions) {

  public TableNames {
    Objects.requireNonNull(applications, "applications");
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(sessions, "sessions");
    Objects.requireNonNull(invalidEvents, "invalidEvents");
    Objects.requireNonNull(identities, "identities");
    Objects.requireNonNull(deletions, "deletions");
  }

  /** Names as {@code prefix-applications}, {@code prefix-events}, ...: for local runs and tests. */
  public static TableNames withPrefix(String prefix) {
    return new TableNames(
        prefix + "-applications",
        prefix + "-events",
        prefix + "-sessions",
        prefix + "-invalid-events",
        prefix + "-identities",
        prefix + "-deletions");
  }
}

package com.theeye.query;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Which arrivals a reader of {@code /recent/} wants: each given field must match exactly, the
 * outcome must be one of {@code outcomes} (all when empty), and {@code text}, when given, must be
 * part of the category, name, event id, session, user id or anonymous id, in any case.
 */
record ArrivalFilter(
    Optional<UUID> application,
    Optional<UUID> session,
    Optional<String> userId,
    Optional<String> anonymousId,
    Optional<String> category,
    Optional<String> name,
    Set<Outcome> outcomes,
    Optional<String> text) {

  static final ArrivalFilter EVERYTHING =
      new ArrivalFilter(
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Set.of(),
          Optional.empty());

  ArrivalFilter {
    Objects.requireNonNull(application, "application");
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(anonymousId, "anonymousId");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(name, "name");
    outcomes = Set.copyOf(outcomes);
    text = text.map(t -> t.toLowerCase(Locale.ROOT));
  }

  boolean matches(Arrival arrival) {
    return (application.isEmpty() || application.get().equals(arrival.application()))
        && (session.isEmpty() || session.equals(arrival.session()))
        && (userId.isEmpty() || userId.equals(arrival.userId()))
        && (anonymousId.isEmpty() || anonymousId.equals(arrival.anonymousId()))
        && (category.isEmpty() || category.equals(arrival.category()))
        && (name.isEmpty() || name.equals(arrival.name()))
        && (outcomes.isEmpty() || outcomes.contains(arrival.outcome()))
        && (text.isEmpty() || mentions(arrival, text.get()));
  }

  private static boolean mentions(Arrival arrival, String text) {
    return Stream.of(
            arrival.category(),
            arrival.name(),
            Optional.of(arrival.id()),
            arrival.session().map(UUID::toString),
            arrival.userId(),
            arrival.anonymousId())
        .flatMap(Optional::stream)
        .anyMatch(field -> field.toLowerCase(Locale.ROOT).contains(text));
  }
}

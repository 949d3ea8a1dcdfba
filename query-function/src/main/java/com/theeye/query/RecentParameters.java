package com.theeye.query;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Reads the query string of {@code GET /api/v1/recent/} into a {@link Request}, or into every
 * problem with it at once, in the query API's shape ({@code {"field": ["message"]}}).
 */
final class RecentParameters {

  /** The longest a request waits for an arrival: the 20 s, under API Gateway's 30 s. */
  static final Duration MAX_WAIT = Duration.ofSeconds(20);

  static final String USAGE =
      "Read recent arrivals with since (a cursor from next) or from (a time; default: now), and"
          + " optionally application, session_id, user_id, anonymous_id, category, name, outcome,"
          + " text, limit and wait.";

  private static final Set<String> KNOWN =
      Set.of(
          "application",
          "session_id",
          "user_id",
          "anonymous_id",
          "category",
          "name",
          "outcome",
          "text",
          "since",
          "from",
          "limit",
          "wait");

  /** What the query string asked for, or why it cannot be answered. */
  sealed interface Parsed {}

  /**
   * A well-formed request.
   *
   * @param since the cursor to go on from, when sent
   * @param from the earliest arrival time wanted, when no cursor was sent (default: now)
   * @param waitFor how long to wait for an arrival when there is none yet
   */
  record Request(
      ArrivalFilter filter,
      Optional<String> since,
      Optional<Instant> from,
      int limit,
      Duration waitFor)
      implements Parsed {}

  /** A bad request, with every problem found, keyed by parameter. */
  record Invalid(ObjectNode errors) implements Parsed {}

  private RecentParameters() {}

  static Parsed parse(Map<String, String> parameters) {
    QueryParameters.Errors errors = new QueryParameters.Errors();
    parameters.keySet().stream()
        .filter(name -> !KNOWN.contains(name))
        .sorted()
        .forEach(
            name -> errors.add("non_field_errors", "Unknown parameter \"" + name + "\". " + USAGE));
    if (parameters.containsKey("since") && parameters.containsKey("from")) {
      errors.add(
          "non_field_errors",
          "since goes on from a cursor and from starts a new one: send one of them.");
    }
    Optional<UUID> application = optional(parameters, "application", QueryParameters::uuid, errors);
    Optional<UUID> session = optional(parameters, "session_id", QueryParameters::uuid, errors);
    Optional<String> userId = optional(parameters, "user_id", QueryParameters::text, errors);
    Optional<String> anonymousId =
        optional(parameters, "anonymous_id", QueryParameters::text, errors);
    Optional<String> category = optional(parameters, "category", QueryParameters::text, errors);
    Optional<String> name = optional(parameters, "name", QueryParameters::text, errors);
    Optional<String> text = optional(parameters, "text", QueryParameters::text, errors);
    Set<Outcome> outcomes = outcomes(parameters.get("outcome"), errors);
    Optional<String> since = optional(parameters, "since", RecentParameters::cursor, errors);
    Optional<Instant> from = optional(parameters, "from", QueryParameters::instant, errors);
    int limit = QueryParameters.limit(parameters, errors);
    Duration wait = wait(parameters.get("wait"), errors);
    if (!errors.none()) {
      return new Invalid(errors.json());
    }
    return new Request(
        new ArrivalFilter(
            application, session, userId, anonymousId, category, name, outcomes, text),
        since,
        from,
        limit,
        wait);
  }

  /** A parameter read by {@code reader} when present; empty when absent or bad (then recorded). */
  private static <T> Optional<T> optional(
      Map<String, String> parameters,
      String name,
      Reader<T> reader,
      QueryParameters.Errors errors) {
    return parameters.containsKey(name)
        ? Optional.ofNullable(reader.read(parameters, name, errors))
        : Optional.empty();
  }

  @FunctionalInterface
  private interface Reader<T> {
    T read(Map<String, String> parameters, String name, QueryParameters.Errors errors);
  }

  /** A cursor as sent: its signature is checked later, its length bounded by the request's. */
  private static String cursor(
      Map<String, String> parameters, String name, QueryParameters.Errors errors) {
    String value = parameters.get(name).strip();
    if (value.isEmpty()) {
      errors.add(name, QueryParameters.BLANK);
      return null;
    }
    return value;
  }

  /** {@code invalid} or {@code invalid,duplicate}: the outcomes wanted; empty: every outcome. */
  private static Set<Outcome> outcomes(String value, QueryParameters.Errors errors) {
    if (value == null) {
      return Set.of();
    }
    Set<Outcome> outcomes = EnumSet.noneOf(Outcome.class);
    for (String part : value.split(",")) {
      Optional<Outcome> outcome = Outcome.of(part);
      if (outcome.isEmpty()) {
        errors.add(
            "outcome",
            "\""
                + part.strip()
                + "\" is not a valid choice. Use "
                + String.join(", ", Arrays.stream(Outcome.values()).map(Outcome::text).toList())
                + ", or several separated by commas.");
      } else {
        outcomes.add(outcome.get());
      }
    }
    return outcomes;
  }

  private static Duration wait(String value, QueryParameters.Errors errors) {
    if (value == null) {
      return MAX_WAIT;
    }
    try {
      int seconds = Integer.parseInt(value.strip());
      if (seconds >= 0 && seconds <= MAX_WAIT.toSeconds()) {
        return Duration.ofSeconds(seconds);
      }
    } catch (NumberFormatException e) {
      // reported below, as a number out of range is
    }
    errors.add(
        "wait",
        "Ensure this value is a whole number of seconds from 0 to " + MAX_WAIT.toSeconds() + ".");
    return MAX_WAIT;
  }
}

package com.theeye.query;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.theeye.event.EventTimestamps;
import com.theeye.event.ExactJson;
import com.theeye.event.Uuids;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Reads a query string into one of the four {@link Query queries}, or into every problem with it at
 * once, in DRF's shape ({@code {"field": ["message"]}}).
 */
final class QueryParameters {

  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;
  static final int MAX_TEXT_LENGTH = 200;

  static final String REQUIRED = "This field is required.";
  static final String NOT_A_UUID = "Must be a valid UUID.";
  static final String BLANK = "This field may not be blank.";
  static final String EVENTS_USAGE =
      "Query events by session_id alone; by category (and optionally name) with from and to; by"
          + " from and to; or by user_id or anonymous_id (optionally with application, and from"
          + " and to).";
  static final String INVALID_EVENTS_USAGE =
      "Query invalid events by application with from and to.";

  private static final Set<String> PAGING = Set.of("limit", "cursor");
  private static final Set<String> EVENTS_PARAMETERS =
      Set.of(
          "session_id", "category", "name", "from", "to", "user_id", "anonymous_id", "application");

  private static final Set<String> PERSON_PARAMETERS =
      Set.of("user_id", "anonymous_id", "application", "from", "to");
  private static final Set<String> INVALID_EVENTS_PARAMETERS = Set.of("application", "from", "to");

  /** What the query string asked for, or why it cannot be answered. */
  sealed interface Parsed {}

  /** A well-formed request: the query, the page size and the cursor if one was sent. */
  record Valid(Query query, int limit, Optional<String> cursor) implements Parsed {}

  /** A bad request, with every problem found, keyed by parameter. */
  record Invalid(ObjectNode errors) implements Parsed {}

  private final Duration maxRange;

  QueryParameters(Duration maxRange) {
    this.maxRange = maxRange;
  }

  Parsed events(Map<String, String> parameters) {
    Errors errors = new Errors();
    errors.unknown(parameters, EVENTS_PARAMETERS, EVENTS_USAGE);
    int limit = limit(parameters, errors);
    Query query = null;
    if (parameters.containsKey("user_id") || parameters.containsKey("anonymous_id")) {
      query = person(parameters, errors);
    } else if (parameters.containsKey("application")) {
      errors.add(
          "non_field_errors",
          "application is a parameter of the queries by user_id or anonymous_id. " + EVENTS_USAGE);
    } else if (parameters.containsKey("session_id")) {
      if (parameters.keySet().stream()
          .anyMatch(Set.of("category", "name", "from", "to")::contains)) {
        errors.add(
            "non_field_errors",
            "session_id cannot be combined with category, name, from or to. " + EVENTS_USAGE);
      }
      UUID session = uuid(parameters, "session_id", errors);
      if (errors.none()) {
        query = new Query.SessionEvents(session);
      }
    } else if (parameters.containsKey("category") || parameters.containsKey("name")) {
      String category = text(parameters, "category", errors);
      Optional<String> name =
          parameters.containsKey("name")
              ? Optional.ofNullable(text(parameters, "name", errors))
              : Optional.empty();
      Query.TimeRange range = range(parameters, errors);
      if (errors.none()) {
        query = new Query.CategoryEvents(category, name, range);
      }
    } else if (parameters.containsKey("from") || parameters.containsKey("to")) {
      Query.TimeRange range = range(parameters, errors);
      if (errors.none()) {
        query = new Query.TimeRangeEvents(range);
      }
    } else {
      errors.add("non_field_errors", EVENTS_USAGE);
    }
    return errors.none() ? valid(query, limit, parameters) : new Invalid(errors.json());
  }

  /** A query by user_id or anonymous_id, one of the two; null after recording the errors. */
  private Query person(Map<String, String> parameters, Errors errors) {
    parameters.keySet().stream()
        .filter(name -> EVENTS_PARAMETERS.contains(name) && !PERSON_PARAMETERS.contains(name))
        .sorted()
        .forEach(
            name ->
                errors.add(
                    "non_field_errors",
                    name + " cannot be combined with user_id or anonymous_id. " + EVENTS_USAGE));
    boolean user = parameters.containsKey("user_id");
    if (user && parameters.containsKey("anonymous_id")) {
      errors.add("non_field_errors", "Send user_id or anonymous_id, not both.");
      return null;
    }
    String id = text(parameters, user ? "user_id" : "anonymous_id", errors);
    Optional<UUID> application =
        parameters.containsKey("application")
            ? Optional.ofNullable(uuid(parameters, "application", errors))
            : Optional.empty();
    Optional<Query.TimeRange> range =
        parameters.containsKey("from") || parameters.containsKey("to")
            ? Optional.ofNullable(range(parameters, errors))
            : Optional.empty();
    return errors.none() ? new Query.PersonEvents(user, id, application, range) : null;
  }

  Parsed invalidEvents(Map<String, String> parameters) {
    Errors errors = new Errors();
    errors.unknown(parameters, INVALID_EVENTS_PARAMETERS, INVALID_EVENTS_USAGE);
    int limit = limit(parameters, errors);
    UUID application = uuid(parameters, "application", errors);
    Query.TimeRange range = range(parameters, errors);
    return errors.none()
        ? valid(new Query.InvalidEvents(application, range), limit, parameters)
        : new Invalid(errors.json());
  }

  private static Valid valid(Query query, int limit, Map<String, String> parameters) {
    return new Valid(query, limit, Optional.ofNullable(parameters.get("cursor")));
  }

  static UUID uuid(Map<String, String> parameters, String name, Errors errors) {
    String value = parameters.get(name);
    if (value == null) {
      errors.add(name, REQUIRED);
      return null;
    }
    Optional<UUID> parsed = Uuids.parse(value);
    if (parsed.isEmpty()) {
      errors.add(name, NOT_A_UUID);
    }
    return parsed.orElse(null);
  }

  /** Trimmed, as the ingest function trims what it stores. */
  static String text(Map<String, String> parameters, String name, Errors errors) {
    String value = parameters.get(name);
    if (value == null) {
      errors.add(name, REQUIRED);
      return null;
    }
    String trimmed = value.strip();
    if (trimmed.isEmpty()) {
      errors.add(name, BLANK);
      return null;
    }
    // Characters are code points, as the ingest counts them: an emoji is one, not two UTF-16 units.
    if (trimmed.codePointCount(0, trimmed.length()) > MAX_TEXT_LENGTH) {
      errors.add(name, "Ensure this field has no more than " + MAX_TEXT_LENGTH + " characters.");
      return null;
    }
    return trimmed;
  }

  private Query.TimeRange range(Map<String, String> parameters, Errors errors) {
    Instant from = instant(parameters, "from", errors);
    Instant to = instant(parameters, "to", errors);
    if (from == null || to == null) {
      return null;
    }
    if (!to.isAfter(from)) {
      errors.add("to", "Must be later than from.");
      return null;
    }
    if (Duration.between(from, to).compareTo(maxRange) > 0) {
      errors.add(
          "to", "The range from from to to may span at most " + maxRange.toDays() + " days.");
      return null;
    }
    return new Query.TimeRange(from, to);
  }

  static Instant instant(Map<String, String> parameters, String name, Errors errors) {
    String value = parameters.get(name);
    if (value == null) {
      errors.add(name, REQUIRED);
      return null;
    }
    Optional<Instant> parsed = EventTimestamps.parse(value);
    if (parsed.isEmpty()) {
      errors.add(name, EventTimestamps.FORMAT_ERROR);
      return null;
    }
    return EventTimestamps.normalize(parsed.get());
  }

  static int limit(Map<String, String> parameters, Errors errors) {
    String value = parameters.get("limit");
    if (value == null) {
      return DEFAULT_LIMIT;
    }
    int limit;
    try {
      limit = Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      errors.add("limit", "A valid integer is required.");
      return DEFAULT_LIMIT;
    }
    if (limit < 1) {
      errors.add("limit", "Ensure this value is greater than or equal to 1.");
    } else if (limit > MAX_LIMIT) {
      errors.add("limit", "Ensure this value is less than or equal to " + MAX_LIMIT + ".");
    }
    return limit;
  }

  /** Problems by parameter, in the order found; {@link RecentParameters} collects its own too. */
  static final class Errors {
    private final Map<String, List<String>> byField = new LinkedHashMap<>();

    void add(String field, String message) {
      byField.computeIfAbsent(field, f -> new java.util.ArrayList<>()).add(message);
    }

    void unknown(Map<String, String> parameters, Set<String> known, String usage) {
      parameters.keySet().stream()
          .filter(name -> !known.contains(name) && !PAGING.contains(name))
          .sorted()
          .forEach(name -> add("non_field_errors", "Unknown parameter \"" + name + "\". " + usage));
    }

    boolean none() {
      return byField.isEmpty();
    }

    ObjectNode json() {
      ObjectNode node = ExactJson.MAPPER.createObjectNode();
      byField.forEach(
          (field, messages) -> {
            ArrayNode array = node.putArray(field);
            messages.forEach(array::add);
          });
      return node;
    }
  }
}

package com.theeye.query;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.theeye.event.EventTimestamps;
import com.theeye.event.ExactJson;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** One of the five questions the query API answers, its parameters checked and normalized. */
sealed interface Query {

  /** Names the query in logs. */
  String kind();

  /**
   * The query's kind and normalized parameters: a cursor is bound to this, so it cannot be replayed
   * against another query.
   */
  ObjectNode fingerprint();

  /** A session's events in the order they happened: the Events table's own key. */
  record SessionEvents(UUID session) implements Query {
    public SessionEvents {
      Objects.requireNonNull(session, "session");
    }

    @Override
    public String kind() {
      return "session";
    }

    @Override
    public ObjectNode fingerprint() {
      return base(kind()).put("session_id", session.toString());
    }
  }

  /** A category's events (optionally of one name) in a time range: index {@code by-category}. */
  record CategoryEvents(String category, Optional<String> name, TimeRange range) implements Query {
    public CategoryEvents {
      Objects.requireNonNull(category, "category");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(range, "range");
    }

    @Override
    public String kind() {
      return "category";
    }

    @Override
    public ObjectNode fingerprint() {
      ObjectNode node = range.into(base(kind()).put("category", category));
      name.ifPresent(n -> node.put("name", n));
      return node;
    }
  }

  /** Every event in a time range: index {@code by-category}, every listed category. */
  record TimeRangeEvents(TimeRange range) implements Query {
    public TimeRangeEvents {
      Objects.requireNonNull(range, "range");
    }

    @Override
    public String kind() {
      return "time";
    }

    @Override
    public ObjectNode fingerprint() {
      return range.into(base(kind()));
    }
  }

  /** An application's invalid events, by when they were received: index {@code by-application}. */
  record InvalidEvents(UUID application, TimeRange range) implements Query {
    public InvalidEvents {
      Objects.requireNonNull(application, "application");
      Objects.requireNonNull(range, "range");
    }

    @Override
    public String kind() {
      return "invalid";
    }

    @Override
    public ObjectNode fingerprint() {
      return range.into(base(kind()).put("application", application.toString()));
    }
  }

  /**
   * A person's events, by user id or anonymous id, optionally of one application and a time range:
   * the Identities table's sessions, then each session's events of that person.
   *
   * @param user true for a user id, false for an anonymous id
   */
  record PersonEvents(
      boolean user, String id, Optional<UUID> application, Optional<TimeRange> range)
      implements Query {
    public PersonEvents {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(application, "application");
      Objects.requireNonNull(range, "range");
    }

    /** The Identities partition. */
    String identityKey() {
      return user
          ? com.theeye.store.TableLayout.userIdentity(id)
          : com.theeye.store.TableLayout.anonymousIdentity(id);
    }

    @Override
    public String kind() {
      return "person";
    }

    @Override
    public ObjectNode fingerprint() {
      ObjectNode node = base(kind()).put(user ? "user_id" : "anonymous_id", id);
      application.ifPresent(app -> node.put("application", app.toString()));
      range.ifPresent(r -> r.into(node));
      return node;
    }
  }

  /** From (inclusive) to (exclusive), {@code from} before {@code to}. */
  record TimeRange(Instant from, Instant to) {
    public TimeRange {
      if (!to.isAfter(from)) {
        throw new IllegalArgumentException("to must be after from: " + from + " .. " + to);
      }
    }

    /**
     * The lowest sort key in range. Sort keys are {@code <timestamp>#<id>}, and a bare timestamp
     * sorts before every key that starts with it.
     */
    String lowestKey() {
      return EventTimestamps.format(from);
    }

    /**
     * A bound no sort key in range reaches: keys at {@code to} itself ({@code <to>#<id>}) sort
     * after the bare timestamp, so an inclusive upper bound at it is exactly exclusive of {@code
     * to}.
     */
    String keyBound() {
      return EventTimestamps.format(to);
    }

    ObjectNode into(ObjectNode node) {
      return node.put("from", lowestKey()).put("to", keyBound());
    }
  }

  private static ObjectNode base(String kind) {
    return ExactJson.MAPPER.createObjectNode().put("kind", kind);
  }
}

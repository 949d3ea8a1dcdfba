package com.theeye.query;

import com.theeye.store.EventItems;
import com.theeye.store.IdentityItems;
import com.theeye.store.TableLayout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Reads one page of a person's events ({@link Query.PersonEvents}): the person's sessions from the
 * Identities table, in key order ({@code <application>#<session>}), then each session's events in
 * the order they happened, those of the person only (a FilterExpression on {@code user_id} or
 * {@code anonymous_id}: a browser's session may hold the events of two users). So the results come
 * by session, then time, and a cursor is one position: a session and the last event key read in it.
 * Only {@code Query}, never a Scan.
 *
 * <p>A filter is applied after items are read, so a page reads at most {@link #READ_BUDGET} items
 * (or {@code limit + 1}, if larger) and makes at most {@link #QUERY_BUDGET} Queries; a page whose
 * budget ran out ends there with a cursor, possibly with fewer than {@code limit} results, even
 * none, as a {@code name} query does.
 */
final class PersonReader {

  static final int READ_BUDGET = 250;

  /** Queries one page may make: a person with thousands of sessions is read over many pages. */
  static final int QUERY_BUDGET = 50;

  /** Sessions read from the Identities table per Query. */
  private static final int SESSIONS_PER_READ = 100;

  /** Between a session and the event key in a position; neither ever holds it. */
  static final char SEPARATOR = '|';

  private final DynamoDbClient dynamoDb;
  private final String eventsTable;
  private final String identitiesTable;

  PersonReader(DynamoDbClient dynamoDb, String eventsTable, String identitiesTable) {
    this.dynamoDb = dynamoDb;
    this.identitiesTable = identitiesTable;
    this.eventsTable = eventsTable;
  }

  /** A page: the items and the position to continue after when more may follow. */
  record Page(List<Map<String, AttributeValue>> items, Optional<String> continueAfter) {}

  /**
   * A place in a person's events: a session ({@code <application>#<session>}) and, when part of it
   * was read, the last event key read there.
   */
  record Position(String applicationSession, Optional<String> lastKey) {

    static Optional<Position> parse(String text) {
      int at = text.indexOf(SEPARATOR);
      if (at < 0) {
        return Optional.empty();
      }
      String key = text.substring(at + 1);
      return Optional.of(
          new Position(text.substring(0, at), key.isEmpty() ? Optional.empty() : Optional.of(key)));
    }

    String text() {
      return applicationSession + SEPARATOR + lastKey.orElse("");
    }
  }

  /**
   * Reads the page of at most {@code limit} events after {@code after}.
   *
   * @param fits asked about each event the page would hold, with the position right after it; the
   *     page ends before the first it refuses. It must accept a page's first event.
   */
  Page read(
      Query.PersonEvents query,
      Optional<Position> after,
      int limit,
      BiPredicate<Map<String, AttributeValue>, String> fits) {
    int wanted = limit + 1;
    Budget budget = new Budget(Math.max(wanted, READ_BUDGET));
    List<Map<String, AttributeValue>> page = new ArrayList<>();
    // Where reading stands: a cursor continues from it when the budget runs out.
    Position at = after.orElse(null);
    Map<String, AttributeValue> sessionsStart = null;
    do {
      if (!budget.query()) {
        return new Page(page, Optional.ofNullable(at).map(Position::text));
      }
      QueryResponse sessions =
          dynamoDb.query(sessionsRequest(query, Optional.ofNullable(at), sessionsStart));
      for (Map<String, AttributeValue> identity : sessions.items()) {
        String applicationSession = identity.get(TableLayout.APPLICATION_SESSION).s();
        Optional<String> lastKey =
            at != null && at.applicationSession().equals(applicationSession)
                ? at.lastKey()
                : Optional.empty();
        SessionRead read = readSession(query, identity, lastKey, wanted - page.size(), budget);
        for (Map<String, AttributeValue> item : read.items()) {
          if (page.size() == limit) {
            // The one more than a page: another page follows, right after the last returned.
            return new Page(page, Optional.of(positionOf(page.getLast()).text()));
          }
          if (!fits.test(item, positionOf(item).text())) {
            if (page.isEmpty()) {
              throw new IllegalStateException(
                  "a page refused its first item: no page could pass it");
            }
            return new Page(page, Optional.of(positionOf(page.getLast()).text()));
          }
          page.add(item);
        }
        if (read.stoppedAt().isPresent()) {
          return new Page(
              page, Optional.of(new Position(applicationSession, read.stoppedAt()).text()));
        }
        // Read to its end: a key after every event key ('~' sorts after the timestamps' digits).
        at = new Position(applicationSession, Optional.of(SESSION_END));
        if (budget.exhausted()) {
          return new Page(page, Optional.of(at.text()));
        }
      }
      sessionsStart = sessions.hasLastEvaluatedKey() ? sessions.lastEvaluatedKey() : null;
    } while (sessionsStart != null && !sessionsStart.isEmpty());
    return new Page(page, Optional.empty());
  }

  /** A last key after every event key of a session: the session was read to its end. */
  static final String SESSION_END = "~";

  private record SessionRead(List<Map<String, AttributeValue>> items, Optional<String> stoppedAt) {}

  /**
   * The session's events of the person after {@code lastKey}, at least {@code wanted} when it has
   * them; {@code stoppedAt} is the last key read when the budget ran out before the session's end.
   */
  private SessionRead readSession(
      Query.PersonEvents query,
      Map<String, AttributeValue> identity,
      Optional<String> lastKey,
      int wanted,
      Budget budget) {
    String session = identity.get(IdentityItems.SESSION_ID).s();
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    Map<String, AttributeValue> start = null;
    while (true) {
      if (!budget.query()) {
        return new SessionRead(items, Optional.of(readUpTo(start, lastKey)));
      }
      QueryResponse response =
          dynamoDb.query(eventsRequest(query, session, lastKey, start, budget.remaining()));
      budget.read(response.scannedCount() == null ? response.count() : response.scannedCount());
      for (Map<String, AttributeValue> item : response.items()) {
        // BETWEEN is inclusive: the key a cursor names was returned on the page before.
        if (lastKey.isEmpty() || sortKeyOf(item).compareTo(lastKey.get()) > 0) {
          items.add(item);
        }
      }
      start = response.hasLastEvaluatedKey() ? response.lastEvaluatedKey() : null;
      if (start == null || start.isEmpty() || items.size() >= wanted) {
        return new SessionRead(items, Optional.empty());
      }
      if (budget.exhausted()) {
        return new SessionRead(items, Optional.of(readUpTo(start, lastKey)));
      }
    }
  }

  /** The last key read: the page's LastEvaluatedKey, or where reading started. */
  private static String readUpTo(Map<String, AttributeValue> start, Optional<String> lastKey) {
    return start != null && start.containsKey(TableLayout.OCCURRED_AT_ID)
        ? start.get(TableLayout.OCCURRED_AT_ID).s()
        : lastKey.orElse("");
  }

  /** The person's sessions from {@code from}'s on (its own included), in key order. */
  private QueryRequest sessionsRequest(
      Query.PersonEvents query, Optional<Position> from, Map<String, AttributeValue> start) {
    Map<String, String> names = new HashMap<>();
    Map<String, AttributeValue> values = new HashMap<>();
    names.put("#pk", TableLayout.IDENTITY);
    values.put(":pk", AttributeValue.fromS(query.identityKey()));
    String condition = "#pk = :pk";
    Optional<String> low = from.map(Position::applicationSession);
    Optional<String> prefix = query.application().map(app -> app + "#");
    if (prefix.isPresent()) {
      String lowest = low.filter(l -> l.compareTo(prefix.get()) > 0).orElse(prefix.get());
      names.put("#sk", TableLayout.APPLICATION_SESSION);
      values.put(":low", AttributeValue.fromS(lowest));
      // '$' follows '#': no key of the application reaches it.
      values.put(":high", AttributeValue.fromS(query.application().get() + "$"));
      condition += " AND #sk BETWEEN :low AND :high";
    } else if (low.isPresent()) {
      names.put("#sk", TableLayout.APPLICATION_SESSION);
      values.put(":low", AttributeValue.fromS(low.get()));
      condition += " AND #sk >= :low";
    }
    return QueryRequest.builder()
        .tableName(identitiesTable)
        .keyConditionExpression(condition)
        .expressionAttributeNames(names)
        .expressionAttributeValues(values)
        .limit(SESSIONS_PER_READ)
        .exclusiveStartKey(start)
        .build();
  }

  private QueryRequest eventsRequest(
      Query.PersonEvents query,
      String session,
      Optional<String> lastKey,
      Map<String, AttributeValue> start,
      int limit) {
    Map<String, String> names = new HashMap<>();
    Map<String, AttributeValue> values = new HashMap<>();
    names.put("#pk", TableLayout.SESSION_ID);
    values.put(":pk", AttributeValue.fromS(session));
    names.put("#who", query.user() ? EventItems.USER_ID : EventItems.ANONYMOUS_ID);
    values.put(":who", AttributeValue.fromS(query.id()));
    String condition = "#pk = :pk";
    if (query.range().isPresent()) {
      names.put("#sk", TableLayout.OCCURRED_AT_ID);
      String lowest = query.range().get().lowestKey();
      // BETWEEN is inclusive: the key equal to the last one read is read again, and dropped.
      values.put(
          ":low",
          AttributeValue.fromS(lastKey.filter(k -> k.compareTo(lowest) > 0).orElse(lowest)));
      values.put(":high", AttributeValue.fromS(query.range().get().keyBound()));
      condition += " AND #sk BETWEEN :low AND :high";
    } else if (lastKey.isPresent()) {
      names.put("#sk", TableLayout.OCCURRED_AT_ID);
      values.put(":low", AttributeValue.fromS(lastKey.get()));
      condition += " AND #sk > :low";
    }
    return QueryRequest.builder()
        .tableName(eventsTable)
        .keyConditionExpression(condition)
        .filterExpression("#who = :who")
        .expressionAttributeNames(names)
        .expressionAttributeValues(values)
        .limit(Math.max(1, limit))
        .exclusiveStartKey(start)
        .build();
  }

  /** The position right after {@code item}. */
  private static Position positionOf(Map<String, AttributeValue> item) {
    return new Position(
        TableLayout.applicationSession(
            item.get(EventItems.APPLICATION).s(), item.get(TableLayout.SESSION_ID).s()),
        Optional.of(sortKeyOf(item)));
  }

  private static String sortKeyOf(Map<String, AttributeValue> item) {
    return item.get(TableLayout.OCCURRED_AT_ID).s();
  }

  /** What a page may still read. */
  private static final class Budget {
    private int items;
    private int queries = QUERY_BUDGET;

    Budget(int items) {
      this.items = items;
    }

    boolean query() {
      return queries-- > 0;
    }

    void read(int count) {
      items -= count;
    }

    int remaining() {
      return Math.max(1, items);
    }

    boolean exhausted() {
      return items <= 0 || queries <= 0;
    }
  }
}

package com.theeye.query;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.theeye.http.ApiResource;
import com.theeye.http.HttpRequest;
import com.theeye.http.HttpResponse;
import com.theeye.signing.CursorKeys;
import com.theeye.store.EventItems;
import com.theeye.store.InvalidEventItems;
import com.theeye.store.TableLayout;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code GET /api/v1/events/} and {@code GET /api/v1/invalid-events/}: reads the query string, runs
 * the one matching DynamoDB Query plan, answers {@code {"results": [...], "next": cursor|null}}.
 * {@code GET /api/v1/recent/} goes to {@link RecentService}, with the same cursor keys. Knows
 * nothing of Lambda; {@link QueryHandler} adapts it.
 */
public final class QueryService implements AutoCloseable {

  static final String INVALID_CURSOR = "Invalid cursor.";

  static final String STORAGE_UNAVAILABLE = "The Eye cannot answer queries right now; retry later.";

  /** Seconds a client should wait before retrying after storage failed it. */
  static final long STORAGE_RETRY_AFTER_SECONDS = 5;

  static final String NO_CURSOR_KEY =
      "The Eye cannot answer queries until it can read its cursor signing key; retry later.";

  /** The paths answered here; {@link QueryHandler} sends the others to their services. */
  private static final Set<ApiResource> SERVED =
      EnumSet.of(ApiResource.EVENTS, ApiResource.INVALID_EVENTS, ApiResource.RECENT);

  private final QueryConfig config;
  private final QueryParameters parameters;
  private final CursorKeys cursorKeys;
  private final CursorKeys primingKeys;
  private final IndexReader reader;
  private final StoredCategories categories;
  private final PersonReader people;
  private final Optional<RecentService> recent;
  private final ExecutorService shardReaders;
  private final int maxResponseBytes;

  /**
   * @param maxResponseBytes the most one answer's proxy response may take: {@link
   *     ResponseBudget#MAX_RESPONSE_BYTES}, lower only in tests that would otherwise store
   *     megabytes
   */
  QueryService(
      QueryConfig config,
      DynamoDbClient dynamoDb,
      CursorKeys cursorKeys,
      Optional<ArrivalFeed> arrivals,
      ExecutorService shardReaders,
      int maxResponseBytes) {
    this.config = config;
    this.maxResponseBytes = maxResponseBytes;
    this.parameters = new QueryParameters(config.maxQueryRange());
    this.cursorKeys = cursorKeys;
    this.primingKeys = CursorKeys.fixed(UUID.randomUUID() + "-" + UUID.randomUUID());
    this.reader = new IndexReader(dynamoDb, shardReaders);
    this.categories = new StoredCategories(dynamoDb, config.eventsTable());
    this.people = new PersonReader(dynamoDb, config.eventsTable(), config.identitiesTable());
    this.recent =
        arrivals.map(
            feed ->
                new RecentService(
                    feed,
                    new KnownApplications(dynamoDb, config.applicationsTable(), Clock.systemUTC()),
                    Clock.systemUTC(),
                    maxResponseBytes));
    this.shardReaders = shardReaders;
  }

  /**
   * Wires the service for {@code config}; called once per execution environment. Shards are read in
   * parallel, one thread each; {@code /recent/} reads {@code arrivals}.
   */
  public static QueryService create(
      QueryConfig config, DynamoDbClient dynamoDb, CursorKeys cursorKeys, ArrivalFeed arrivals) {
    return create(
        config, dynamoDb, cursorKeys, Optional.of(arrivals), ResponseBudget.MAX_RESPONSE_BYTES);
  }

  /**
   * A service without {@code /recent/}, which answers 404 there: for the benchmarks' probes, which
   * have no arrival feed.
   */
  public static QueryService create(
      QueryConfig config, DynamoDbClient dynamoDb, CursorKeys cursorKeys) {
    return create(
        config, dynamoDb, cursorKeys, Optional.empty(), ResponseBudget.MAX_RESPONSE_BYTES);
  }

  static QueryService create(
      QueryConfig config,
      DynamoDbClient dynamoDb,
      CursorKeys cursorKeys,
      Optional<ArrivalFeed> arrivals,
      int maxResponseBytes) {
    return new QueryService(
        config,
        dynamoDb,
        cursorKeys,
        arrivals,
        Executors.newFixedThreadPool(
            config.indexShards(), Thread.ofPlatform().daemon().name("shard-reader-", 0).factory()),
        maxResponseBytes);
  }

  QueryOutcome handle(HttpRequest request) {
    return handle(request, cursorKeys);
  }

  /**
   * Answers a SnapStart priming request as {@link #handle} does, but with a throwaway key when the
   * cursor key cannot be read yet, so priming takes the whole read path whatever the secret's state
   * and waits for it no longer than one read (bounded by the client's call timeout).
   */
  QueryOutcome prime(HttpRequest request) {
    return handle(request, cursorKeys.unavailable().isEmpty() ? cursorKeys : primingKeys);
  }

  private QueryOutcome handle(HttpRequest request, CursorKeys keys) {
    Optional<ApiResource> resource = ApiResource.of(request.path()).filter(SERVED::contains);
    if (resource.isEmpty()) {
      return refused(HttpResponse.detail(404, "Not found."), "unknown path");
    }
    if (!request.method().equals("GET")) {
      return refused(resource.get().methodNotAllowed(request.method()), "method not allowed");
    }
    if (resource.get() == ApiResource.RECENT) {
      return recent
          .map(service -> service.handle(request, keys))
          .orElseGet(() -> refused(HttpResponse.detail(404, "Not found."), "no arrival feed"));
    }
    boolean events = resource.get() == ApiResource.EVENTS;
    QueryParameters.Parsed parsed =
        events ? parameters.events(request.query()) : parameters.invalidEvents(request.query());
    return switch (parsed) {
      case QueryParameters.Invalid invalid ->
          refused(HttpResponse.json(400, invalid.errors()), "invalid parameters");
      case QueryParameters.Valid valid -> answer(valid, keys);
    };
  }

  private QueryOutcome answer(QueryParameters.Valid request, CursorKeys keys) {
    Query query = request.query();
    // Every query needs the key, with a cursor or without: a cursor is verified with it and the
    // next page's is signed with it. Asked before anything is read, so whether a query is answered
    // never depends on whether its results happen to fill a page.
    Optional<String> noKey = keys.unavailable();
    if (noKey.isPresent()) {
      return unavailable(
          query,
          NO_CURSOR_KEY,
          CursorKeys.FIRST_READ_RETRY.toSeconds(),
          "cursor key unavailable: " + noKey.get());
    }
    CursorSigner cursors = new CursorSigner(keys);
    Optional<String> after = Optional.empty();
    if (request.cursor().isPresent()) {
      after = cursors.verify(request.cursor().get(), query);
      if (after.isEmpty()) {
        return refused(HttpResponse.fieldError(400, "cursor", INVALID_CURSOR), "invalid cursor");
      }
    }
    Function<Map<String, AttributeValue>, ObjectNode> view =
        query instanceof Query.InvalidEvents
            ? item -> QueryResults.invalidEvent(InvalidEventItems.fromItem(item))
            : item -> QueryResults.event(EventItems.fromItem(item));
    Optional<String> continueAfter;
    ResponseBudget budget =
        new ResponseBudget(maxResponseBytes, lastKey -> cursors.length(query, lastKey));
    try {
      if (query instanceof Query.PersonEvents person) {
        Optional<PersonReader.Position> from = after.flatMap(PersonReader.Position::parse);
        if (after.isPresent() && from.isEmpty()) {
          return refused(HttpResponse.fieldError(400, "cursor", INVALID_CURSOR), "invalid cursor");
        }
        continueAfter =
            people
                .read(
                    person,
                    from,
                    request.limit(),
                    (item, position) -> budget.admit(view.apply(item), position))
                .continueAfter();
      } else {
        ReadPlan plan = planOf(query);
        continueAfter =
            reader
                .read(
                    plan,
                    after,
                    request.limit(),
                    item -> budget.admit(view.apply(item), item.get(plan.sortKey()).s()))
                .continueAfter();
      }
    } catch (SdkException e) {
      return unavailable(
          query,
          STORAGE_UNAVAILABLE,
          STORAGE_RETRY_AFTER_SECONDS,
          "storage unavailable: " + e.getClass().getSimpleName());
    }
    List<ObjectNode> results = budget.results();
    String next = continueAfter.map(lastKey -> cursors.sign(query, lastKey)).orElse(null);
    return new QueryOutcome(
        HttpResponse.json(200, ResponseBudget.page(results, next)),
        query.kind(),
        results.size(),
        null);
  }

  /**
   * Where each query's results live: the keys and indexes of {@link TableLayout}. A time range
   * reads the category list first.
   */
  ReadPlan planOf(Query query) {
    return switch (query) {
      case Query.SessionEvents session ->
          new ReadPlan(
              config.eventsTable(),
              Optional.empty(),
              TableLayout.SESSION_ID,
              List.of(session.session().toString()),
              TableLayout.OCCURRED_AT_ID,
              Optional.empty(),
              Optional.empty());
      case Query.CategoryEvents category ->
          new ReadPlan(
              config.eventsTable(),
              Optional.of(TableLayout.BY_CATEGORY_INDEX),
              TableLayout.CATEGORY_SHARD,
              shards(shard -> TableLayout.categoryShard(category.category(), shard)),
              TableLayout.OCCURRED_AT_ID,
              Optional.of(keyRange(category.range())),
              category.name());
      // Every category's partitions of the one index: the list is read first (a strongly
      // consistent Query), and the processor lists a category before storing its first event.
      case Query.TimeRangeEvents time ->
          new ReadPlan(
              config.eventsTable(),
              Optional.of(TableLayout.BY_CATEGORY_INDEX),
              TableLayout.CATEGORY_SHARD,
              categories.read().stream()
                  .flatMap(
                      category ->
                          shards(shard -> TableLayout.categoryShard(category, shard)).stream())
                  .toList(),
              TableLayout.OCCURRED_AT_ID,
              Optional.of(keyRange(time.range())),
              Optional.empty());
      case Query.InvalidEvents invalid ->
          new ReadPlan(
              config.invalidEventsTable(),
              Optional.of(TableLayout.BY_APPLICATION_INDEX),
              TableLayout.APPLICATION_SHARD,
              shards(
                  shard -> TableLayout.applicationShard(invalid.application().toString(), shard)),
              TableLayout.RECEIVED_AT_ID,
              Optional.of(keyRange(invalid.range())),
              Optional.empty());
      case Query.PersonEvents person ->
          throw new IllegalArgumentException("a person's events are read by PersonReader");
    };
  }

  @Override
  public void close() {
    shardReaders.shutdownNow();
  }

  private List<String> shards(IntFunction<String> partition) {
    return IntStream.range(0, config.indexShards()).mapToObj(partition).toList();
  }

  private static ReadPlan.KeyRange keyRange(Query.TimeRange range) {
    return new ReadPlan.KeyRange(range.lowestKey(), range.keyBound());
  }

  /** A 503 with {@code Retry-After}: the query is right, The Eye cannot answer it yet. */
  private static QueryOutcome unavailable(
      Query query, String detail, long retryAfterSeconds, String problem) {
    HttpResponse response =
        HttpResponse.detail(503, detail)
            .withHeader("retry-after", Long.toString(retryAfterSeconds));
    return new QueryOutcome(response, query.kind(), 0, problem);
  }

  private static QueryOutcome refused(HttpResponse response, String problem) {
    return new QueryOutcome(response, null, 0, problem);
  }
}

package com.theeye.query;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.theeye.http.ApiResource;
import com.theeye.http.HttpRequest;
import com.theeye.http.HttpResponse;
import com.theeye.store.EventItems;
import com.theeye.store.InvalidEventItems;
import com.theeye.store.TableLayout;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * Knows nothing of Lambda; {@link QueryHandler} adapts it.
 */
public final class QueryService implements AutoCloseable {

  static final String INVALID_CURSOR = "Invalid cursor.";

  /** Seconds a client should wait before retrying after a 503. */
  static final String RETRY_AFTER_SECONDS = "5";

  private final QueryConfig config;
  private final QueryParameters parameters;
  private final CursorSigner cursors;
  private final IndexReader reader;
  private final StoredCategories categories;
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
      ExecutorService shardReaders,
      int maxResponseBytes) {
    this.config = config;
    this.maxResponseBytes = maxResponseBytes;
    this.parameters = new QueryParameters(config.maxQueryRange());
    this.cursors = new CursorSigner(cursorKeys);
    this.reader = new IndexReader(dynamoDb, shardReaders);
    this.categories = new StoredCategories(dynamoDb, config.eventsTable());
    this.shardReaders = shardReaders;
  }

  /**
   * Wires the service for {@code config}; called once per execution environment. Shards are read in
   * parallel, one thread each.
   */
  public static QueryService create(
      QueryConfig config, DynamoDbClient dynamoDb, CursorKeys cursorKeys) {
    return create(config, dynamoDb, cursorKeys, ResponseBudget.MAX_RESPONSE_BYTES);
  }

  static QueryService create(
      QueryConfig config, DynamoDbClient dynamoDb, CursorKeys cursorKeys, int maxResponseBytes) {
    return new QueryService(
        config,
        dynamoDb,
        cursorKeys,
        Executors.newFixedThreadPool(
            config.indexShards(), Thread.ofPlatform().daemon().name("shard-reader-", 0).factory()),
        maxResponseBytes);
  }

  QueryOutcome handle(HttpRequest request) {
    Optional<ApiResource> resource = ApiResource.of(request.path());
    if (resource.isEmpty()) {
      return refused(HttpResponse.detail(404, "Not found."), "unknown path");
    }
    if (!request.method().equals("GET")) {
      return refused(resource.get().methodNotAllowed(request.method()), "method not allowed");
    }
    boolean events = resource.get() == ApiResource.EVENTS;
    QueryParameters.Parsed parsed =
        events ? parameters.events(request.query()) : parameters.invalidEvents(request.query());
    return switch (parsed) {
      case QueryParameters.Invalid invalid ->
          refused(HttpResponse.json(400, invalid.errors()), "invalid parameters");
      case QueryParameters.Valid valid -> answer(valid);
    };
  }

  private QueryOutcome answer(QueryParameters.Valid request) {
    Query query = request.query();
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
            : item -> QueryResults.event(EventItems.fromItem(item).event());
    IndexReader.Page page;
    ResponseBudget budget =
        new ResponseBudget(maxResponseBytes, lastKey -> cursors.length(query, lastKey));
    try {
      ReadPlan plan = planOf(query);
      page =
          reader.read(
              plan,
              after,
              request.limit(),
              item -> budget.admit(view.apply(item), item.get(plan.sortKey()).s()));
    } catch (SdkException e) {
      HttpResponse unavailable =
          HttpResponse.detail(503, "The Eye cannot answer queries right now; retry later.")
              .withHeader("retry-after", RETRY_AFTER_SECONDS);
      return new QueryOutcome(
          unavailable, query.kind(), 0, "storage unavailable: " + e.getClass().getSimpleName());
    }
    List<ObjectNode> results = budget.results();
    String next = page.continueAfter().map(lastKey -> cursors.sign(query, lastKey)).orElse(null);
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

  private static QueryOutcome refused(HttpResponse response, String problem) {
    return new QueryOutcome(response, null, 0, problem);
  }
}

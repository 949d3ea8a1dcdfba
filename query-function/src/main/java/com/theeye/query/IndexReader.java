package com.theeye.query;

import com.theeye.store.EventItems;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.function.Predicate;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Reads one page of a {@link ReadPlan}: a k-way merge by sort key over every partition (index
 * shard, or category × shard), each read lazily after the cursor's key. Every partition is first
 * asked for a fair share of the page ({@code (limit + 1) / partitions}, plus one); an item is taken
 * only once every partition not yet exhausted holds a next item to compare it with, and a partition
 * that runs dry is read again for twice as many. So a page reads about what it returns plus one
 * share per partition, not {@code limit + 1} from each, however many partitions there are. Whatever
 * the page size, the pages together are the same ordered results: a page ends at a sort key, and
 * the next page reads every partition strictly after it. A page ends early, at the same kind of
 * key, when the caller's {@code fits} (the response's byte budget) refuses its next item; reading
 * stops there too.
 *
 * <p>Only {@code Query} on keys and indexes: never a Scan.
 */
final class IndexReader {

  /** One page: the items, and the sort key to continue after when more follow. */
  record Page(List<Map<String, AttributeValue>> items, Optional<String> continueAfter) {}

  /**
   * Items a filtered read (a {@code name} query) may read from one partition for one page. A filter
   * is applied after items are read, so without a budget a rare name in a busy category reads the
   * whole range before answering; with it, the page ends where the budget ran out, with a cursor.
   */
  static final int FILTERED_READ_BUDGET = 250;

  private final DynamoDbClient dynamoDb;
  private final ExecutorService shardReaders;

  IndexReader(DynamoDbClient dynamoDb, ExecutorService shardReaders) {
    this.dynamoDb = dynamoDb;
    this.shardReaders = shardReaders;
  }

  /**
   * Reads the page of at most {@code limit} items after {@code after}.
   *
   * @param fits asked about each item the page would hold, in order, before it is added; the page
   *     ends before the first it refuses, with a cursor right after the last item it holds. It must
   *     accept a page's first item, or no page could ever go past it.
   */
  Page read(
      ReadPlan plan,
      Optional<String> after,
      int limit,
      Predicate<Map<String, AttributeValue>> fits) {
    // One more than a page tells whether another page follows, without returning an empty one.
    int wanted = limit + 1;
    if (plan.partitions().isEmpty()) {
      // A time range before any category was stored.
      return new Page(List.of(), Optional.empty());
    }
    int share = Math.min(wanted, wanted / plan.partitions().size() + 2);
    int budget = plan.nameFilter().isPresent() ? Math.max(wanted, FILTERED_READ_BUDGET) : 0;
    List<Partition> partitions =
        plan.partitions().stream()
            .map(key -> new Partition(plan, key, after, share, budget))
            .toList();
    List<Map<String, AttributeValue>> merged = new ArrayList<>();
    Optional<String> cut = Optional.empty();
    while (merged.size() < wanted) {
      List<Partition> dry = partitions.stream().filter(Partition::needsReading).toList();
      if (!dry.isEmpty()) {
        readAll(dry);
        continue;
      }
      Partition next = null;
      for (Partition partition : partitions) {
        if (partition.hasNext()
            && (next == null || partition.peekKey().compareTo(next.peekKey()) < 0)) {
          next = partition;
        }
      }
      // A partition whose budget ran out was read up to its key, no further: the page may hold
      // only what sorts at or before the lowest such key, and continues after it.
      cut = partitions.stream().flatMap(p -> p.stoppedAt().stream()).min(Comparator.naturalOrder());
      if (next == null || (cut.isPresent() && next.peekKey().compareTo(cut.get()) > 0)) {
        break;
      }
      if (merged.size() < limit && !fits.test(next.peek())) {
        if (merged.isEmpty()) {
          throw new IllegalStateException("a page refused its first item: no page could pass it");
        }
        // Full before the limit: the next page starts at the item refused here.
        return new Page(merged, Optional.of(sortKeyOf(plan, merged.getLast())));
      }
      merged.add(next.take());
    }
    if (merged.size() <= limit) {
      return new Page(merged, cut);
    }
    List<Map<String, AttributeValue>> page = List.copyOf(merged.subList(0, limit));
    return new Page(page, Optional.of(sortKeyOf(plan, page.getLast())));
  }

  private void readAll(List<Partition> partitions) {
    List<CompletableFuture<Void>> reads =
        partitions.stream()
            .map(partition -> CompletableFuture.runAsync(partition::readMore, shardReaders))
            .toList();
    reads.forEach(IndexReader::join);
  }

  /** One partition's items read so far and not yet merged, and where its reading stands. */
  private final class Partition {
    private final ReadPlan plan;
    private final Optional<String> after;
    private final QueryRequest.Builder request;
    private final ArrayDeque<Map<String, AttributeValue>> buffered = new ArrayDeque<>();
    private Map<String, AttributeValue> startKey;
    private boolean exhausted;
    private int nextRead;
    private final int budget;
    private int read;
    private Optional<String> stoppedAt = Optional.empty();

    /** {@code budget}: most items a filtered read may read; 0 when the read is not filtered. */
    Partition(ReadPlan plan, String partition, Optional<String> after, int firstRead, int budget) {
      this.plan = plan;
      this.after = after;
      this.request = request(plan, partition, after);
      this.nextRead = firstRead;
      this.budget = budget;
    }

    boolean needsReading() {
      return buffered.isEmpty() && !exhausted && stoppedAt.isEmpty();
    }

    /** The sort key this partition's read stopped at when its budget ran out. */
    Optional<String> stoppedAt() {
      return stoppedAt;
    }

    boolean hasNext() {
      return !buffered.isEmpty();
    }

    String peekKey() {
      return sortKeyOf(plan, buffered.peekFirst());
    }

    Map<String, AttributeValue> peek() {
      return buffered.peekFirst();
    }

    Map<String, AttributeValue> take() {
      return buffered.pollFirst();
    }

    /** One Query of the next items; DynamoDB's Limit counts items read, before the name filter. */
    void readMore() {
      int callLimit = budget > 0 ? Math.min(nextRead, budget - read) : nextRead;
      QueryResponse response =
          dynamoDb.query(request.limit(callLimit).exclusiveStartKey(startKey).build());
      read += response.scannedCount() == null ? response.count() : response.scannedCount();
      for (Map<String, AttributeValue> item : response.items()) {
        if (after.isEmpty() || sortKeyOf(plan, item).compareTo(after.get()) > 0) {
          buffered.addLast(item);
        }
      }
      startKey = response.hasLastEvaluatedKey() ? response.lastEvaluatedKey() : null;
      exhausted = startKey == null || startKey.isEmpty();
      if (!exhausted && budget > 0 && read >= budget) {
        stoppedAt = Optional.of(startKey.get(plan.sortKey()).s());
      }
      nextRead = Math.min(nextRead * 2, MAX_READ);
    }
  }

  /** DynamoDB returns at most 1 MB per Query anyway; a page is at most 1,001 items. */
  private static final int MAX_READ = 1001;

  private static QueryRequest.Builder request(
      ReadPlan plan, String partition, Optional<String> after) {
    Map<String, String> names = new HashMap<>();
    Map<String, AttributeValue> values = new HashMap<>();
    names.put("#pk", plan.partitionKey());
    values.put(":pk", AttributeValue.fromS(partition));
    String condition = "#pk = :pk";
    if (plan.range().isPresent()) {
      // A key condition allows one comparison on the sort key: BETWEEN is inclusive at both ends,
      // so the key equal to the cursor's is read and dropped; the upper bound is never a key.
      names.put("#sk", plan.sortKey());
      values.put(":low", AttributeValue.fromS(after.orElse(plan.range().get().lowest())));
      values.put(":high", AttributeValue.fromS(plan.range().get().bound()));
      condition += " AND #sk BETWEEN :low AND :high";
    } else if (after.isPresent()) {
      names.put("#sk", plan.sortKey());
      values.put(":after", AttributeValue.fromS(after.get()));
      condition += " AND #sk > :after";
    }
    QueryRequest.Builder request =
        QueryRequest.builder().tableName(plan.table()).keyConditionExpression(condition);
    plan.index().ifPresent(request::indexName);
    if (plan.nameFilter().isPresent()) {
      names.put("#name", EventItems.NAME);
      values.put(":name", AttributeValue.fromS(plan.nameFilter().get()));
      request.filterExpression("#name = :name");
    }
    return request.expressionAttributeNames(names).expressionAttributeValues(values);
  }

  private static String sortKeyOf(ReadPlan plan, Map<String, AttributeValue> item) {
    return item.get(plan.sortKey()).s();
  }

  private static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }
}

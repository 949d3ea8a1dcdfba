package com.theeye.query;

import com.theeye.store.EventItems;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.stream.Stream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Reads one page of a {@link ReadPlan}: every partition (index shard) queried in parallel for up to
 * {@code limit + 1} items after the cursor's key, merged by sort key, the first {@code limit}
 * returned. Whatever the page size, the pages together are the same ordered results: a page ends at
 * a sort key, and the next page reads every shard strictly after it.
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

  /** What one partition gave: its items, and where it stopped when the read budget ran out. */
  private record PartitionRead(
      List<Map<String, AttributeValue>> items, Optional<String> budgetSpentAt) {}

  private final DynamoDbClient dynamoDb;
  private final ExecutorService shardReaders;

  IndexReader(DynamoDbClient dynamoDb, ExecutorService shardReaders) {
    this.dynamoDb = dynamoDb;
    this.shardReaders = shardReaders;
  }

  Page read(ReadPlan plan, Optional<String> after, int limit) {
    // One more than a page tells whether another page follows, without returning an empty one.
    int wanted = limit + 1;
    List<CompletableFuture<PartitionRead>> shards =
        plan.partitions().stream()
            .map(
                partition ->
                    CompletableFuture.supplyAsync(
                        () -> readPartition(plan, partition, after, wanted), shardReaders))
            .toList();
    List<Map<String, AttributeValue>> merged = new ArrayList<>();
    Optional<String> budgetSpentAt = Optional.empty();
    for (CompletableFuture<PartitionRead> shard : shards) {
      PartitionRead read = join(shard);
      merged.addAll(read.items());
      budgetSpentAt =
          Stream.concat(budgetSpentAt.stream(), read.budgetSpentAt().stream())
              .min(Comparator.naturalOrder());
    }
    merged.sort(Comparator.comparing(item -> sortKeyOf(plan, item)));
    // A partition whose budget ran out was read up to its key, no further: the page may hold only
    // what sorts at or before the lowest such key, and continues after it.
    if (budgetSpentAt.isPresent()) {
      String cut = budgetSpentAt.get();
      merged.removeIf(item -> sortKeyOf(plan, item).compareTo(cut) > 0);
    }
    if (merged.size() > limit) {
      List<Map<String, AttributeValue>> page = List.copyOf(merged.subList(0, limit));
      return new Page(page, Optional.of(sortKeyOf(plan, page.getLast())));
    }
    return new Page(merged, budgetSpentAt);
  }

  /**
   * Up to {@code wanted} items of one partition after {@code after}, in sort key order; a filtered
   * read stops early when it has read {@link #FILTERED_READ_BUDGET} items.
   */
  private PartitionRead readPartition(
      ReadPlan plan, String partition, Optional<String> after, int wanted) {
    Map<String, String> names = new HashMap<>();
    Map<String, AttributeValue> values = new HashMap<>();
    names.put("#pk", plan.partitionKey());
    values.put(":pk", AttributeValue.fromS(partition));
    String condition = "#pk = :pk";
    if (plan.range().isPresent()) {
      // A key condition allows one comparison on the sort key: BETWEEN is inclusive at both ends,
      // so the key equal to the cursor's is read and dropped below; the upper bound is never a key.
      names.put("#sk", plan.sortKey());
      values.put(":low", AttributeValue.fromS(after.orElse(plan.range().get().lowest())));
      values.put(":high", AttributeValue.fromS(plan.range().get().bound()));
      condition += " AND #sk BETWEEN :low AND :high";
    } else if (after.isPresent()) {
      names.put("#sk", plan.sortKey());
      values.put(":after", AttributeValue.fromS(after.get()));
      condition += " AND #sk > :after";
    }
    boolean filtered = plan.nameFilter().isPresent();
    int budget = filtered ? Math.max(wanted, FILTERED_READ_BUDGET) : Integer.MAX_VALUE;
    QueryRequest.Builder request =
        QueryRequest.builder().tableName(plan.table()).keyConditionExpression(condition);
    plan.index().ifPresent(request::indexName);
    if (plan.nameFilter().isPresent()) {
      names.put("#name", EventItems.NAME);
      values.put(":name", AttributeValue.fromS(plan.nameFilter().get()));
      request.filterExpression("#name = :name");
    }
    request.expressionAttributeNames(names).expressionAttributeValues(values);

    List<Map<String, AttributeValue>> items = new ArrayList<>();
    Map<String, AttributeValue> startKey = null;
    int read = 0;
    do {
      // Limit counts items read, not items that pass the filter.
      int callLimit = filtered ? budget - read : wanted;
      QueryResponse response =
          dynamoDb.query(request.exclusiveStartKey(startKey).limit(callLimit).build());
      read += response.scannedCount() == null ? response.count() : response.scannedCount();
      for (Map<String, AttributeValue> item : response.items()) {
        if (after.isEmpty() || sortKeyOf(plan, item).compareTo(after.get()) > 0) {
          items.add(item);
        }
        if (items.size() == wanted) {
          return new PartitionRead(items, Optional.empty());
        }
      }
      startKey = response.hasLastEvaluatedKey() ? response.lastEvaluatedKey() : null;
      if (startKey != null && !startKey.isEmpty() && read >= budget) {
        return new PartitionRead(items, Optional.of(startKey.get(plan.sortKey()).s()));
      }
    } while (startKey != null && !startKey.isEmpty());
    return new PartitionRead(items, Optional.empty());
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

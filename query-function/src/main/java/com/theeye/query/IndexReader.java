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

  private final DynamoDbClient dynamoDb;
  private final ExecutorService shardReaders;

  IndexReader(DynamoDbClient dynamoDb, ExecutorService shardReaders) {
    this.dynamoDb = dynamoDb;
    this.shardReaders = shardReaders;
  }

  Page read(ReadPlan plan, Optional<String> after, int limit) {
    // One more than a page tells whether another page follows, without returning an empty one.
    int wanted = limit + 1;
    List<CompletableFuture<List<Map<String, AttributeValue>>>> shards =
        plan.partitions().stream()
            .map(
                partition ->
                    CompletableFuture.supplyAsync(
                        () -> readPartition(plan, partition, after, wanted), shardReaders))
            .toList();
    List<Map<String, AttributeValue>> merged = new ArrayList<>();
    for (CompletableFuture<List<Map<String, AttributeValue>>> shard : shards) {
      merged.addAll(join(shard));
    }
    merged.sort(Comparator.comparing(item -> sortKeyOf(plan, item)));
    if (merged.size() <= limit) {
      return new Page(merged, Optional.empty());
    }
    List<Map<String, AttributeValue>> page = List.copyOf(merged.subList(0, limit));
    return new Page(page, Optional.of(sortKeyOf(plan, page.getLast())));
  }

  /** Up to {@code wanted} items of one partition after {@code after}, in sort key order. */
  private List<Map<String, AttributeValue>> readPartition(
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
    QueryRequest.Builder request =
        QueryRequest.builder()
            .tableName(plan.table())
            .keyConditionExpression(condition)
            .limit(wanted);
    plan.index().ifPresent(request::indexName);
    if (plan.nameFilter().isPresent()) {
      names.put("#name", EventItems.NAME);
      values.put(":name", AttributeValue.fromS(plan.nameFilter().get()));
      request.filterExpression("#name = :name");
    }
    request.expressionAttributeNames(names).expressionAttributeValues(values);

    List<Map<String, AttributeValue>> items = new ArrayList<>();
    Map<String, AttributeValue> startKey = null;
    do {
      QueryResponse response = dynamoDb.query(request.exclusiveStartKey(startKey).build());
      for (Map<String, AttributeValue> item : response.items()) {
        if (after.isEmpty() || sortKeyOf(plan, item).compareTo(after.get()) > 0) {
          items.add(item);
        }
        if (items.size() == wanted) {
          return items;
        }
      }
      // Limit counts items read, not items that pass the filter: keep reading until filled.
      startKey = response.hasLastEvaluatedKey() ? response.lastEvaluatedKey() : null;
    } while (startKey != null && !startKey.isEmpty());
    return items;
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

package com.theeye.bench;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Counts the calls a DynamoDB client makes and the capacity units DynamoDB bills for them, table by
 * table, the way DynamoDB counts them ("Read/write capacity mode", DynamoDB Developer Guide): a
 * write takes one unit per KB of the item, once for the table and once for each global secondary
 * index whose keys the item carries; a read one unit per 4 KB, half for an eventually consistent
 * one, at least that much even when nothing is found. The emulator does not count index writes,
 * hence the counting here, from the tables' own definitions.
 */
final class CapacityMeter implements ExecutionInterceptor {

  /** For each table, the key attributes of each of its global secondary indexes. */
  private final Map<String, List<Set<String>>> indexKeys;

  private final Map<String, DoubleAdder> writeUnits = new ConcurrentHashMap<>();
  private final Map<String, DoubleAdder> readUnits = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();

  CapacityMeter(List<CreateTableRequest> tables) {
    this.indexKeys =
        tables.stream()
            .collect(
                Collectors.toMap(
                    CreateTableRequest::tableName,
                    table ->
                        table.globalSecondaryIndexes().stream()
                            .map(
                                index ->
                                    index.keySchema().stream()
                                        .map(KeySchemaElement::attributeName)
                                        .collect(Collectors.toSet()))
                            .toList()));
  }

  @Override
  public void beforeExecution(
      Context.BeforeExecution context, ExecutionAttributes executionAttributes) {
    String operation = context.request().getClass().getSimpleName().replace("Request", "");
    calls.computeIfAbsent(operation, o -> new LongAdder()).increment();
    if (context.request() instanceof PutItemRequest put) {
      write(put.tableName(), put.item());
    } else if (context.request() instanceof UpdateItemRequest update) {
      // The stored item is not known here: the smallest an update can cost, once per index.
      write(update.tableName(), update.key());
    }
  }

  @Override
  public void afterExecution(
      Context.AfterExecution context, ExecutionAttributes executionAttributes) {
    if (context.response() instanceof GetItemResponse response
        && context.request() instanceof GetItemRequest request) {
      long size = response.hasItem() ? ItemSize.of(response.item()) : 0;
      double units = Math.max(1, Math.ceil(size / 4096.0));
      boolean consistent = Boolean.TRUE.equals(request.consistentRead());
      readUnits
          .computeIfAbsent(request.tableName(), t -> new DoubleAdder())
          .add(consistent ? units : units / 2);
    }
  }

  private void write(String table, Map<String, AttributeValue> item) {
    double units = Math.max(1, Math.ceil(ItemSize.of(item) / 1024.0));
    long indexes =
        indexKeys.getOrDefault(table, List.of()).stream()
            .filter(keys -> item.keySet().containsAll(keys))
            .count();
    writeUnits.computeIfAbsent(table, t -> new DoubleAdder()).add(units * (1 + indexes));
  }

  double writeUnits(String table) {
    DoubleAdder units = writeUnits.get(table);
    return units == null ? 0 : units.sum();
  }

  double readUnits(String table) {
    DoubleAdder units = readUnits.get(table);
    return units == null ? 0 : units.sum();
  }

  /** The calls so far, by operation (PutItem, GetItem, ...). */
  Map<String, Long> callsByOperation() {
    return new java.util.TreeMap<>(
        calls.entrySet().stream()
            .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().sum())));
  }

  /** Every call so far, whatever its operation. */
  long calls() {
    return calls.values().stream().mapToLong(LongAdder::sum).sum();
  }

  void reset() {
    writeUnits.clear();
    readUnits.clear();
    calls.clear();
  }
}

package com.theeye.query;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How to read a query's results: one DynamoDB Query per partition (the index shards), each on a
 * sort key range, merged in sort key order.
 *
 * @param table the table to query
 * @param index the index, or empty for the table's own key
 * @param partitionKey the partition key's attribute name
 * @param partitions the partition key values to read, one Query each
 * @param sortKey the sort key's attribute name; its values must be unique (they end in the id)
 * @param range the sort key bounds: lowest key (inclusive) and a bound no key in range reaches; or
 *     empty for the whole partition
 * @param nameFilter a {@code name} the results must have: a FilterExpression, applied after the
 *     items are read (and paid for)
 */
record ReadPlan(
    String table,
    Optional<String> index,
    String partitionKey,
    List<String> partitions,
    String sortKey,
    Optional<KeyRange> range,
    Optional<String> nameFilter) {

  ReadPlan {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(index, "index");
    Objects.requireNonNull(partitionKey, "partitionKey");
    partitions = List.copyOf(partitions);
    Objects.requireNonNull(sortKey, "sortKey");
    Objects.requireNonNull(range, "range");
    Objects.requireNonNull(nameFilter, "nameFilter");
  }

  /** Sort keys from {@code lowest} (inclusive) up to {@code bound}, which no stored key equals. */
  record KeyRange(String lowest, String bound) {}
}

package com.theeye.local;

import com.theeye.event.EventTimestamps;
import com.theeye.query.Arrival;
import com.theeye.store.EventItems;
import com.theeye.store.InvalidEventItems;
import com.theeye.store.TableLayout;
import com.theeye.store.TableNames;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What the local tables hold that was received since a time, as arrivals ({@code stored} and {@code
 * invalid}), oldest first: how {@link LocalArrivals} reads back what a reader missed while {@code
 * make run} was restarting. A Scan with a filter: the local tables are small, and this runs once
 * per reader per restart, never on AWS.
 */
final class StoredSince {

  private final DynamoDbClient dynamoDb;
  private final TableNames tables;
  private final Clock clock;

  StoredSince(DynamoDbClient dynamoDb, TableNames tables, Clock clock) {
    this.dynamoDb = dynamoDb;
    this.tables = tables;
    this.clock = clock;
  }

  /** Arrivals received at or after {@code since}, by receipt time then id. */
  List<Arrival> since(Instant since) {
    List<Arrival> arrivals = new ArrayList<>();
    Instant now = clock.instant();
    scan(
        tables.events(),
        EventItems.RECEIVED_AT,
        since,
        item -> {
          AttributeValue partition = item.get(TableLayout.SESSION_ID);
          if (partition != null && !TableLayout.CATEGORY_LIST.equals(partition.s())) {
            arrivals.add(Arrival.stored(EventItems.fromItem(item), now));
          }
        });
    scan(
        tables.invalidEvents(),
        InvalidEventItems.RECEIVED_AT,
        since,
        item -> arrivals.add(Arrival.invalid(InvalidEventItems.fromItem(item), now)));
    arrivals.sort(Comparator.comparing(Arrival::receivedAt).thenComparing(Arrival::id));
    return arrivals;
  }

  private void scan(
      String table, String attribute, Instant since, Consumer<Map<String, AttributeValue>> sink) {
    dynamoDb
        .scanPaginator(
            b ->
                b.tableName(table)
                    .filterExpression("#at >= :since")
                    .expressionAttributeNames(Map.of("#at", attribute))
                    .expressionAttributeValues(
                        Map.of(":since", AttributeValue.fromS(EventTimestamps.format(since)))))
        .items()
        .forEach(sink);
  }
}

package com.theeye.local;

import com.theeye.query.Arrival;
import com.theeye.store.EventItems;
import com.theeye.store.InvalidEventItems;
import com.theeye.store.TableLayout;
import com.theeye.store.TableNames;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * Records each outcome the processor wrote in {@link LocalArrivals}: a put into the Events table
 * that succeeded is {@code stored}, one into InvalidEvents {@code invalid}, and a put refused by
 * its condition (the key is there already) a {@code duplicate}. The same places a deployed stack's
 * DynamoDB Streams report, tapped through the SDK's extension point on the processor's own DynamoDB
 * client, so the processor's code does not change. The category list's items are not events and are
 * skipped.
 */
final class StoreArrivalTap implements ExecutionInterceptor {

  private final LocalArrivals arrivals;
  private final TableNames tables;
  private final Clock clock;

  StoreArrivalTap(LocalArrivals arrivals, TableNames tables, Clock clock) {
    this.arrivals = arrivals;
    this.tables = tables;
    this.clock = clock;
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    if (context.request() instanceof PutItemRequest put) {
      arrival(put).ifPresent(arrivals::record);
    }
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
    if (context.request() instanceof PutItemRequest put
        && context.exception() instanceof ConditionalCheckFailedException) {
      arrival(put).map(a -> a.again(clock.instant())).ifPresent(arrivals::record);
    }
  }

  /** The arrival a put writes, if it writes an event or an invalid event. */
  private Optional<Arrival> arrival(PutItemRequest put) {
    Map<String, AttributeValue> item = put.item();
    if (put.tableName().equals(tables.events())) {
      AttributeValue partition = item.get(TableLayout.SESSION_ID);
      if (partition == null || TableLayout.CATEGORY_LIST.equals(partition.s())) {
        return Optional.empty();
      }
      return Optional.of(Arrival.stored(EventItems.fromItem(item), clock.instant()));
    }
    if (put.tableName().equals(tables.invalidEvents())) {
      return Optional.of(Arrival.invalid(InvalidEventItems.fromItem(item), clock.instant()));
    }
    return Optional.empty();
  }
}

package com.theeye.processor;

import com.theeye.store.EventItems;
import com.theeye.store.InvalidEventItems;
import com.theeye.store.TableLayout;
import com.theeye.store.TableNames;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** What the tables hold, read the way only a test may: whole-table scans. */
record StoredItems(DynamoDbClient dynamoDb, TableNames tables) {

  /** The events, without the category list the same table holds. */
  List<Map<String, AttributeValue>> events() {
    return scan(tables.events()).stream()
        .filter(item -> !TableLayout.CATEGORY_LIST.equals(item.get(TableLayout.SESSION_ID).s()))
        .toList();
  }

  List<Map<String, AttributeValue>> invalidEvents() {
    return scan(tables.invalidEvents());
  }

  List<Map<String, AttributeValue>> sessions() {
    return scan(tables.sessions());
  }

  Optional<Map<String, AttributeValue>> invalidEvent(String id) {
    Map<String, AttributeValue> item =
        dynamoDb
            .getItem(
                b ->
                    b.tableName(tables.invalidEvents())
                        .key(InvalidEventItems.key(id))
                        .consistentRead(true))
            .item();
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
  }

  List<String> eventIds() {
    return events().stream().map(item -> item.get(EventItems.ID).s()).sorted().toList();
  }

  private List<Map<String, AttributeValue>> scan(String table) {
    return dynamoDb.scanPaginator(b -> b.tableName(table).consistentRead(true)).items().stream()
        .toList();
  }
}

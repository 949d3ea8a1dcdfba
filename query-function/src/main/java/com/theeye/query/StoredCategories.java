package com.theeye.query;

import com.theeye.store.CategoryItems;
import com.theeye.store.TableLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The categories ever stored, from the Events table's category list ({@link CategoryItems}): one
 * strongly consistent Query per time range page, so a category listed before its first event was
 * stored is always seen. Its items are keys only, a few dozen bytes each: one read unit.
 */
final class StoredCategories {

  private final DynamoDbClient dynamoDb;
  private final String eventsTable;

  StoredCategories(DynamoDbClient dynamoDb, String eventsTable) {
    this.dynamoDb = dynamoDb;
    this.eventsTable = eventsTable;
  }

  List<String> read() {
    List<String> categories = new ArrayList<>();
    Map<String, AttributeValue> startKey = null;
    do {
      Map<String, AttributeValue> from = startKey;
      QueryResponse response =
          dynamoDb.query(
              b ->
                  b.tableName(eventsTable)
                      .consistentRead(true)
                      .keyConditionExpression("#pk = :list")
                      .expressionAttributeNames(Map.of("#pk", TableLayout.SESSION_ID))
                      .expressionAttributeValues(
                          Map.of(":list", AttributeValue.fromS(TableLayout.CATEGORY_LIST)))
                      .exclusiveStartKey(from));
      response.items().forEach(item -> categories.add(CategoryItems.fromItem(item)));
      startKey = response.hasLastEvaluatedKey() ? response.lastEvaluatedKey() : null;
    } while (startKey != null && !startKey.isEmpty());
    return categories;
  }
}

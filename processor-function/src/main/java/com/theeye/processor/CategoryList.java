package com.theeye.processor;

import com.theeye.store.CategoryItems;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Records every category in the Events table's category list ({@link CategoryItems}) before an
 * event of it is stored, so a time range query, which reads each listed category's index
 * partitions, can never miss a stored event. One put per category per execution environment (the
 * same item each time, so repeating it is harmless); then the category is remembered.
 */
final class CategoryList {

  private final DynamoDbClient dynamoDb;
  private final String eventsTable;
  private final Set<String> recorded = ConcurrentHashMap.newKeySet();

  CategoryList(DynamoDbClient dynamoDb, String eventsTable) {
    this.dynamoDb = dynamoDb;
    this.eventsTable = eventsTable;
  }

  void record(String category) {
    if (recorded.contains(category)) {
      return;
    }
    dynamoDb.putItem(b -> b.tableName(eventsTable).item(CategoryItems.toItem(category)));
    recorded.add(category);
  }
}

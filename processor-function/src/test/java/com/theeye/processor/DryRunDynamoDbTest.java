package com.theeye.processor;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DryRunDynamoDbTest {

  /** No live client at all: a put that reached it would fail. */
  private final DryRunDynamoDb dryRun = new DryRunDynamoDb(null);

  @Test
  void answersAPutWithoutWriting() {
    dryRun.putItem(b -> b.tableName("events").conditionExpression("attribute_not_exists(id)"));
  }

  @Test
  void refusesEveryOtherWrite() {
    assertThrows(
        UnsupportedOperationException.class, () -> dryRun.updateItem(b -> b.tableName("events")));
    assertThrows(
        UnsupportedOperationException.class, () -> dryRun.deleteItem(b -> b.tableName("events")));
    assertThrows(
        UnsupportedOperationException.class,
        () -> dryRun.batchWriteItem(b -> b.requestItems(Map.of())));
  }
}

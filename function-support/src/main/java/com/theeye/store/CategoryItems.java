package com.theeye.store;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The codec of the category list kept in the Events table ({@link TableLayout#CATEGORY_LIST}): the
 * processor records a category before it stores the category's first event, the query function
 * reads the list to answer a time range over every category. The items carry only the keys.
 */
public final class CategoryItems {

  private CategoryItems() {}

  public static Map<String, AttributeValue> toItem(String category) {
    return Map.of(
        TableLayout.SESSION_ID,
        Attributes.s(TableLayout.CATEGORY_LIST),
        TableLayout.OCCURRED_AT_ID,
        Attributes.s(category));
  }

  /**
   * @throws IllegalStateException when the item is not one {@link #toItem} writes
   */
  public static String fromItem(Map<String, AttributeValue> item) {
    if (!TableLayout.CATEGORY_LIST.equals(Attributes.text(item, TableLayout.SESSION_ID))) {
      throw new IllegalStateException("stored item is not in the category list");
    }
    return Attributes.text(item, TableLayout.OCCURRED_AT_ID);
  }
}

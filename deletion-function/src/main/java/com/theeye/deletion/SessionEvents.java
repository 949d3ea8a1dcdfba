package com.theeye.deletion;

import com.theeye.store.EventItems;
import com.theeye.store.TableLayout;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Reads one session's events from the Events table, page by page ({@link ItemKeys#EVENT_ATTRIBUTES}
 * of each), consistently, so the last sweep sees every event stored before it began. Deleting the
 * items of a page while reading the next is safe: a page starts after the last key of the one
 * before, whether or not that key is still there.
 */
final class SessionEvents {

  /** Whose events: the attribute ({@code user_id}, {@code anonymous_id}) and its value. */
  record Person(String attribute, String id) {}

  private final DynamoDbClient dynamoDb;
  private final String table;

  SessionEvents(DynamoDbClient dynamoDb, String table) {
    this.dynamoDb = dynamoDb;
    this.table = table;
  }

  /** Every event of the session, page by page. */
  Iterable<List<Map<String, AttributeValue>>> pages(UUID session) {
    return pages(session, Optional.empty());
  }

  /** The person's events of the session: every page is read, the filter drops others' events. */
  Iterable<List<Map<String, AttributeValue>>> pages(UUID session, Optional<Person> person) {
    Map<String, String> names = new HashMap<>();
    for (int i = 0; i < ItemKeys.EVENT_ATTRIBUTES.size(); i++) {
      names.put("#a" + i, ItemKeys.EVENT_ATTRIBUTES.get(i));
    }
    String projection = names.keySet().stream().sorted().collect(Collectors.joining(", "));
    names.put("#session", TableLayout.SESSION_ID);
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":session", AttributeValue.fromS(session.toString()));
    QueryRequest.Builder request =
        QueryRequest.builder()
            .tableName(table)
            .keyConditionExpression("#session = :session")
            .projectionExpression(projection)
            .consistentRead(true);
    person.ifPresent(
        who -> {
          names.put("#who", who.attribute());
          values.put(":who", AttributeValue.fromS(who.id()));
          request.filterExpression("#who = :who");
        });
    QueryRequest query =
        request.expressionAttributeNames(names).expressionAttributeValues(values).build();
    return () -> dynamoDb.queryPaginator(query).stream().map(QueryResponse::items).iterator();
  }

  static Person user(String userId) {
    return new Person(EventItems.USER_ID, userId);
  }

  static Person anonymous(String anonymousId) {
    return new Person(EventItems.ANONYMOUS_ID, anonymousId);
  }
}

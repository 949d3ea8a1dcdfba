package com.theeye.deletion;

import com.theeye.store.IdentityItems;
import com.theeye.store.TableLayout;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The sessions a person's events are in, in one application: their Identities partition ({@code
 * user#...} or {@code anon#...}) whose sort keys begin with the application, read consistently.
 */
final class PersonSessions {

  private final DynamoDbClient dynamoDb;
  private final String table;

  PersonSessions(DynamoDbClient dynamoDb, String table) {
    this.dynamoDb = dynamoDb;
    this.table = table;
  }

  List<UUID> of(String identityKey, UUID application) {
    return dynamoDb
        .queryPaginator(
            b ->
                b.tableName(table)
                    .keyConditionExpression("#identity = :identity AND begins_with(#as, :prefix)")
                    .projectionExpression("#session")
                    .expressionAttributeNames(
                        Map.of(
                            "#identity", TableLayout.IDENTITY,
                            "#as", TableLayout.APPLICATION_SESSION,
                            "#session", IdentityItems.SESSION_ID))
                    .expressionAttributeValues(
                        Map.of(
                            ":identity",
                            AttributeValue.fromS(identityKey),
                            ":prefix",
                            AttributeValue.fromS(
                                TableLayout.applicationSession(application.toString(), ""))))
                    .consistentRead(true))
        .items()
        .stream()
        .map(item -> UUID.fromString(item.get(IdentityItems.SESSION_ID).s()))
        .toList();
  }
}

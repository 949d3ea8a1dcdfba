package com.theeye.processor;

import com.theeye.event.Event;
import com.theeye.event.EventTimestamps;
import com.theeye.store.MessageClaimItems;
import com.theeye.store.TableLayout;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Stores each Segment messageId once: the first event of a messageId claims it with the Events key
 * it is stored under ({@link MessageClaimItems}, a conditional put in the Sessions table); another
 * message with the same messageId but another timestamp (a client that reuses a messageId) finds
 * the claim and is a duplicate. A redelivery of the claimer finds its own key and is stored, so a
 * crash between the claim and the event's put loses nothing. One write unit per event that has a
 * messageId; none for native events.
 */
final class MessageIdClaims {

  private final DynamoDbClient dynamoDb;
  private final String sessionsTable;

  MessageIdClaims(DynamoDbClient dynamoDb, String sessionsTable) {
    this.dynamoDb = dynamoDb;
    this.sessionsTable = sessionsTable;
  }

  /** Whether {@code event} is the one to store under its messageId (true without one). */
  boolean claim(Event event, Optional<Instant> expiresAt) {
    Optional<String> messageId = event.segment().messageId();
    if (messageId.isEmpty()) {
      return true;
    }
    String eventKey =
        TableLayout.sortKey(EventTimestamps.format(event.clientTimestamp()), event.id());
    try {
      dynamoDb.putItem(
          b ->
              b.tableName(sessionsTable)
                  .item(
                      MessageClaimItems.toItem(
                          event.application(),
                          messageId.get(),
                          event.sessionId(),
                          eventKey,
                          expiresAt))
                  .conditionExpression("attribute_not_exists(#key)")
                  .expressionAttributeNames(Map.of("#key", TableLayout.SESSION_ID)));
      return true;
    } catch (ConditionalCheckFailedException e) {
      Map<String, AttributeValue> claim =
          dynamoDb
              .getItem(
                  b ->
                      b.tableName(sessionsTable)
                          .key(MessageClaimItems.key(event.application(), messageId.get()))
                          .consistentRead(true))
              .item();
      return MessageClaimItems.claimedBy(claim)
          .equals(MessageClaimItems.claimedBy(event.sessionId(), eventKey));
    }
  }
}

package com.theeye.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.theeye.event.ExactJson;
import com.theeye.store.EventItems;
import com.theeye.store.InvalidEventItems;
import com.theeye.store.StoredInvalidEvent;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What became of a receipt's event, by key: one GetItem on Events (stored), else one on
 * InvalidEvents (invalid, with the reasons), else one BatchGetItem on Deletions (deleted, when a
 * deletion of its session or person covers it: {@link DeletedSubjects}), else it is still on its
 * way (pending). Reads only, and eventually consistent ones, half the price of strongly consistent
 * reads (Amazon DynamoDB Developer Guide, "Read consistency"): an event stored a moment ago may
 * read as pending once more, which a client that polls sees settle. Events is read first, so an
 * invalid event replayed and stored since reads as stored, and so does an event stored after all
 * since a deletion was requested (a person's suppression lifted before it was processed, or a
 * session deleted while its event was still queued: a session's deletion sweeps once and suppresses
 * nothing).
 */
final class ReceiptLookup {

  /** The answer's {@code status}. */
  enum Status {
    STORED,
    INVALID,
    DELETED,
    PENDING;

    String text() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * A status and, for an invalid event, why: each error's field and message, never the event's
   * data.
   */
  record Verdict(Status status, List<StoredInvalidEvent.FieldError> errors) {

    JsonNode toJson() {
      ObjectNode json = ExactJson.MAPPER.createObjectNode();
      json.put("status", status.text());
      ArrayNode array = json.putArray("errors");
      errors.forEach(
          error -> array.addObject().put("field", error.field()).put("message", error.message()));
      return json;
    }
  }

  private final DynamoDbClient dynamoDb;
  private final String eventsTable;
  private final String invalidEventsTable;
  private final DeletedSubjects deleted;

  ReceiptLookup(
      DynamoDbClient dynamoDb,
      String eventsTable,
      String invalidEventsTable,
      String deletionsTable) {
    this.dynamoDb = dynamoDb;
    this.eventsTable = eventsTable;
    this.invalidEventsTable = invalidEventsTable;
    this.deleted = new DeletedSubjects(dynamoDb, deletionsTable);
  }

  /** What became of the receipt's event; an item of another application is not its event. */
  Verdict verdict(Receipt receipt) {
    Map<String, AttributeValue> stored =
        dynamoDb
            .getItem(
                b ->
                    b.tableName(eventsTable)
                        .key(EventItems.key(receipt.session(), receipt.occurredAtId())))
            .item();
    if (stored != null
        && !stored.isEmpty()
        && EventItems.application(stored).equals(receipt.application())) {
      return new Verdict(Status.STORED, List.of());
    }
    Map<String, AttributeValue> invalid =
        dynamoDb
            .getItem(
                b -> b.tableName(invalidEventsTable).key(InvalidEventItems.key(receipt.eventId())))
            .item();
    if (invalid != null && !invalid.isEmpty()) {
      StoredInvalidEvent event = InvalidEventItems.fromItem(invalid);
      if (event.application().equals(receipt.application())) {
        return new Verdict(Status.INVALID, event.errors());
      }
    }
    return new Verdict(deleted.cover(receipt) ? Status.DELETED : Status.PENDING, List.of());
  }
}

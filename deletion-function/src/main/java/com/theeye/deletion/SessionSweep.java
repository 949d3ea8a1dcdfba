package com.theeye.deletion;

import com.theeye.store.SessionItems;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One sweep of a session's data: page by page, the mappings of the people its events name (first:
 * they are learnt from the events) and then the events with their messageId claims; the owner's
 * invalid events of the session; the session's ownership item last, since it names the owner whose
 * invalid events a sweep cut short must still read.
 */
final class SessionSweep {

  private final DynamoDbClient dynamoDb;
  private final String sessionsTable;
  private final SessionEvents events;
  private final ExistingItems identities;
  private final InvalidEventSweep invalidEvents;

  SessionSweep(
      DynamoDbClient dynamoDb,
      String sessionsTable,
      SessionEvents events,
      ExistingItems identities,
      InvalidEventSweep invalidEvents) {
    this.dynamoDb = dynamoDb;
    this.sessionsTable = sessionsTable;
    this.events = events;
    this.identities = identities;
    this.invalidEvents = invalidEvents;
  }

  /** The application that owns the session, read consistently; empty when none does (any more). */
  Optional<UUID> owner(UUID session) {
    Map<String, AttributeValue> item =
        dynamoDb
            .getItem(
                b -> b.tableName(sessionsTable).key(SessionItems.key(session)).consistentRead(true))
            .item();
    return item == null ? Optional.empty() : SessionItems.owner(item);
  }

  /**
   * @param owner what {@link #owner} found at the start of this run
   * @return false when the run was cut short
   */
  boolean sweep(UUID session, Optional<UUID> owner, ChunkPipeline pipeline) {
    Set<ItemKey> unmapped = new HashSet<>();
    for (List<Map<String, AttributeValue>> page : events.pages(session)) {
      if (!pipeline.inTime()) {
        return false;
      }
      List<ItemKey> people = new ArrayList<>();
      for (Map<String, AttributeValue> event : page) {
        for (ItemKey identity : ItemKeys.identitiesOf(event)) {
          if (unmapped.add(identity)) {
            people.add(identity);
          }
        }
      }
      List<ItemKey> mapped = identities.of(people);
      for (ItemKey identity : mapped) {
        if (!pipeline.add(List.of(identity))) {
          return false;
        }
      }
      if (!mapped.isEmpty() && !pipeline.drain()) {
        return false;
      }
      for (Map<String, AttributeValue> event : page) {
        if (!pipeline.add(ItemKeys.eventWithClaim(event))) {
          return false;
        }
      }
    }
    if (!pipeline.drain()) {
      return false;
    }
    if (owner.isEmpty()) {
      return true;
    }
    String id = session.toString();
    return invalidEvents.sweep(
            owner.get(), message -> message.session().equals(Optional.of(id)), pipeline)
        && pipeline.drain()
        && pipeline.add(List.of(ItemKeys.sessionOwnership(session)))
        && pipeline.drain();
  }
}

package com.theeye.deletion;

import com.theeye.store.DeletionSubject;
import com.theeye.store.TableLayout;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One sweep of a person's data (a user id or an anonymous id of one application): in each of their
 * sessions, their events with their messageId claims, then their mapping to the session (last, so a
 * sweep cut short still finds the session); then their invalid events. Another person's events in
 * the same sessions stay. Idempotent: a sweep after a finished one finds nothing.
 */
final class PersonSweep {

  private final PersonSessions sessions;
  private final SessionEvents events;
  private final InvalidEventSweep invalidEvents;

  PersonSweep(PersonSessions sessions, SessionEvents events, InvalidEventSweep invalidEvents) {
    this.sessions = sessions;
    this.events = events;
    this.invalidEvents = invalidEvents;
  }

  /**
   * @param last whether this is the deletion's last sweep, which removes the mappings too
   * @return false when the run was cut short
   */
  boolean sweep(DeletionSubject person, boolean last, ChunkPipeline pipeline) {
    UUID application = person.application().orElseThrow();
    boolean user = person.kind() == DeletionSubject.Kind.USER;
    String identityKey =
        user ? TableLayout.userIdentity(person.id()) : TableLayout.anonymousIdentity(person.id());
    Optional<SessionEvents.Person> theirs =
        Optional.of(user ? SessionEvents.user(person.id()) : SessionEvents.anonymous(person.id()));
    List<UUID> theirSessions = sessions.of(identityKey, application);
    for (UUID session : theirSessions) {
      for (List<Map<String, AttributeValue>> page : events.pages(session, theirs)) {
        if (!pipeline.inTime()) {
          return false;
        }
        for (Map<String, AttributeValue> event : page) {
          if (!pipeline.add(ItemKeys.eventWithClaim(event))) {
            return false;
          }
        }
      }
    }
    if (!invalidEvents.sweep(
            application,
            message ->
                (user ? message.userId() : message.anonymousId()).equals(Optional.of(person.id())),
            pipeline)
        || !pipeline.drain()) {
      return false;
    }
    if (!last) {
      return true;
    }
    // Every event in the sessions is gone: the mappings, how they were found, may go too.
    for (UUID session : theirSessions) {
      if (!pipeline.add(List.of(ItemKeys.identity(identityKey, application, session)))) {
        return false;
      }
    }
    return pipeline.drain();
  }
}

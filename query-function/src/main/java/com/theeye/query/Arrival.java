package com.theeye.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.theeye.event.Event;
import com.theeye.event.EventTimestamps;
import com.theeye.event.ExactJson;
import com.theeye.event.Uuids;
import com.theeye.store.StoredEvent;
import com.theeye.store.StoredInvalidEvent;
import com.theeye.store.StoredInvalidEvent.FieldError;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One thing a feed saw happen to an event, a result of {@code GET /api/v1/recent/}: accepted onto
 * the queue, stored, kept as invalid, or found to be a duplicate. An event may arrive twice in a
 * feed, queued and then with its outcome; readers merge by {@link #id}.
 *
 * @param receivedAt when the ingest accepted the event: what "recent" is about, so an offline batch
 *     with hours-old timestamps is as recent as it arrived
 * @param recordedAt when the feed recorded this outcome
 * @param session the event's session; for an invalid event, what its message says, if a UUID
 * @param errors an invalid event's errors; empty for the other outcomes
 * @param reason an invalid event's reason, e.g. {@code schema violation}
 * @param schemaVersion the version of the schema that judged the event, when one did
 * @param event the whole event as the query API returns it: an event for {@code queued}, {@code
 *     stored} and {@code duplicate}, an invalid event ({@code errors}, {@code event} as received,
 *     {@code replay}) for {@code invalid} and for a duplicate of an invalid event
 */
public record Arrival(
    String id,
    Outcome outcome,
    UUID application,
    Instant receivedAt,
    Instant recordedAt,
    Optional<UUID> session,
    Optional<String> category,
    Optional<String> name,
    Optional<String> userId,
    Optional<String> anonymousId,
    List<FieldError> errors,
    Optional<String> reason,
    Optional<String> schemaVersion,
    ObjectNode event) {

  public Arrival {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(application, "application");
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(recordedAt, "recordedAt");
    errors = List.copyOf(errors);
    Objects.requireNonNull(event, "event");
  }

  /** An event the ingest put on the queue. */
  public static Arrival queued(Event event, Instant at) {
    return of(event, Outcome.QUEUED, Optional.empty(), at, QueryResults.event(event));
  }

  /** An event the processor stored. */
  public static Arrival stored(StoredEvent stored, Instant at) {
    return of(
        stored.event(), Outcome.STORED, stored.schemaVersion(), at, QueryResults.event(stored));
  }

  /** A delivery of an event already stored: {@code attempted} is what it would have stored. */
  public static Arrival duplicate(StoredEvent attempted, Instant at) {
    return of(
        attempted.event(),
        Outcome.DUPLICATE,
        attempted.schemaVersion(),
        at,
        QueryResults.event(attempted));
  }

  /** An event the processor kept as invalid, with its errors. */
  public static Arrival invalid(StoredInvalidEvent invalid, Instant at) {
    JsonNode message = parse(invalid.message());
    return new Arrival(
        invalid.id(),
        Outcome.INVALID,
        invalid.application(),
        invalid.receivedAt(),
        at,
        text(message, "session_id").flatMap(Uuids::parse),
        text(message, "category"),
        text(message, "name"),
        text(message, "user_id"),
        text(message, "anonymous_id"),
        invalid.errors(),
        Optional.of(invalid.reason()),
        invalid.schemaVersion(),
        QueryResults.invalidEvent(invalid));
  }

  /** This arrival delivered again and found already there, recorded {@code at}. */
  public Arrival again(Instant at) {
    return new Arrival(
        id,
        Outcome.DUPLICATE,
        application,
        receivedAt,
        at,
        session,
        category,
        name,
        userId,
        anonymousId,
        errors,
        reason,
        schemaVersion,
        event);
  }

  /**
   * {@code {"id","outcome","received_at","recorded_at","application","session_id","category",
   * "name","user_id","anonymous_id","errors":[{"field","message","text"}],"reason",
   * "schema_version","event"}}; {@code text} is the error in plain words, field first ({@link
   * ErrorWords}).
   */
  public ObjectNode json() {
    ObjectNode node = ExactJson.MAPPER.createObjectNode();
    node.put("id", id);
    node.put("outcome", outcome.text());
    node.put("received_at", EventTimestamps.format(receivedAt));
    node.put("recorded_at", EventTimestamps.format(recordedAt));
    node.put("application", application.toString());
    node.put("session_id", session.map(UUID::toString).orElse(null));
    node.put("category", category.orElse(null));
    node.put("name", name.orElse(null));
    node.put("user_id", userId.orElse(null));
    node.put("anonymous_id", anonymousId.orElse(null));
    ArrayNode list = node.putArray("errors");
    for (FieldError error : errors) {
      list.addObject()
          .put("field", error.field())
          .put("message", error.message())
          .put("text", ErrorWords.of(error.field(), error.message()));
    }
    node.put("reason", reason.orElse(null));
    node.put("schema_version", schemaVersion.orElse(null));
    node.set("event", event);
    return node;
  }

  private static Arrival of(
      Event event, Outcome outcome, Optional<String> schemaVersion, Instant at, ObjectNode view) {
    return new Arrival(
        event.id(),
        outcome,
        event.application(),
        event.receivedAt(),
        at,
        Optional.of(event.sessionId()),
        Optional.of(event.category()),
        Optional.of(event.name()),
        event.identity().userId(),
        event.identity().anonymousId(),
        List.of(),
        Optional.empty(),
        schemaVersion,
        view);
  }

  /** An invalid event's message as received: JSON, though not necessarily a well-formed event. */
  private static JsonNode parse(String message) {
    try {
      JsonNode node = ExactJson.MAPPER.readTree(message);
      return node == null ? ExactJson.MAPPER.createObjectNode() : node;
    } catch (IOException e) {
      return ExactJson.MAPPER.createObjectNode();
    }
  }

  private static Optional<String> text(JsonNode message, String field) {
    JsonNode value = message.get(field);
    return value != null && value.isTextual() ? Optional.of(value.textValue()) : Optional.empty();
  }
}

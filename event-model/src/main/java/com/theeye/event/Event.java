package com.theeye.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One accepted behaviour event, normalized: what the ingest function enqueues and the processor
 * stores.
 *
 * @param id deterministic identity derived from the content (see {@link EventIds})
 * @param application the trusted application that sent it
 * @param sessionId the sender's session
 * @param category free-text category, e.g. {@code page interaction}
 * @param name free-text name within the category, e.g. {@code pageview}
 * @param data type-specific payload, validated later against the type's JSON Schema
 * @param timestamp when it happened, as the sender says, truncated to microseconds
 * @param receivedAt when the ingest function accepted it
 * @param context what API Gateway told about the sender (user agent, truncated address); never part
 *     of the id
 */
public record Event(
    String id,
    UUID application,
    UUID sessionId,
    String category,
    String name,
    ObjectNode data,
    Instant timestamp,
    Instant receivedAt,
    ClientContext context) {

  public Event {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(application, "application");
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(context, "context");
  }

  /** An event nothing is known about the sender of. */
  public Event(
      String id,
      UUID application,
      UUID sessionId,
      String category,
      String name,
      ObjectNode data,
      Instant timestamp,
      Instant receivedAt) {
    this(
        id,
        application,
        sessionId,
        category,
        name,
        data,
        timestamp,
        receivedAt,
        ClientContext.NONE);
  }

  /** The same event, with what is known about its sender; its id does not change. */
  public Event withContext(ClientContext context) {
    return new Event(
        id, application, sessionId, category, name, data, timestamp, receivedAt, context);
  }

  /** Builds an event whose id is derived from its content, so a resend maps to the same id. */
  public static Event identified(
      UUID application,
      UUID sessionId,
      String category,
      String name,
      ObjectNode data,
      Instant timestamp,
      Instant receivedAt) {
    String id = EventIds.derive(application, sessionId, category, name, timestamp, data);
    return new Event(id, application, sessionId, category, name, data, timestamp, receivedAt);
  }
}

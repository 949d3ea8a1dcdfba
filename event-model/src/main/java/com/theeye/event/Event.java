package com.theeye.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One accepted behaviour event, normalized: what the ingest function enqueues and the processor
 * stores.
 *
 * @param id deterministic identity derived from the content, or from a Segment message's id (see
 *     {@link EventIds#of})
 * @param application the trusted application that sent it
 * @param sessionId the sender's session
 * @param category free-text category, e.g. {@code page interaction}
 * @param name free-text name within the category, e.g. {@code pageview}
 * @param data type-specific payload, validated later against the type's JSON Schema
 * @param timestamp when it happened, truncated to microseconds: the sender's, or corrected for its
 *     clock's skew when it said when it sent the event ({@link ClientClock})
 * @param receivedAt when the ingest function accepted it
 * @param context what API Gateway told about the sender (user agent, truncated address); never part
 *     of the id
 * @param identity who the sender says sent it; none for most native events
 * @param clock the sender's clock, when the timestamp was corrected for it
 * @param segment what a Segment message keeps beside its mapped fields; none for native events
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
    ClientContext context,
    Identity identity,
    ClientClock clock,
    SegmentMessage segment) {

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
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(segment, "segment");
  }

  /** A native event without identity or clock correction. */
  public Event(
      String id,
      UUID application,
      UUID sessionId,
      String category,
      String name,
      ObjectNode data,
      Instant timestamp,
      Instant receivedAt,
      ClientContext context) {
    this(
        id,
        application,
        sessionId,
        category,
        name,
        data,
        timestamp,
        receivedAt,
        context,
        Identity.NONE,
        ClientClock.NONE,
        SegmentMessage.NONE);
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
        id,
        application,
        sessionId,
        category,
        name,
        data,
        timestamp,
        receivedAt,
        context,
        identity,
        clock,
        segment);
  }

  /** The same event under another id. */
  public Event withId(String id) {
    return new Event(
        id,
        application,
        sessionId,
        category,
        name,
        data,
        timestamp,
        receivedAt,
        context,
        identity,
        clock,
        segment);
  }

  /**
   * The timestamp the client sent: the original when it was corrected, else the timestamp. The id
   * and the sort key are derived from it, never from the corrected time, which changes with every
   * retry's {@code sent_at}.
   */
  public Instant clientTimestamp() {
    return clock.originalTimestamp().orElse(timestamp);
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
    return identified(
        application,
        sessionId,
        category,
        name,
        data,
        timestamp,
        receivedAt,
        Identity.NONE,
        ClientClock.NONE,
        SegmentMessage.NONE);
  }

  /** Builds an event whose id is {@link EventIds#of} its content. */
  public static Event identified(
      UUID application,
      UUID sessionId,
      String category,
      String name,
      ObjectNode data,
      Instant timestamp,
      Instant receivedAt,
      Identity identity,
      ClientClock clock,
      SegmentMessage segment) {
    Event unnamed =
        new Event(
            "",
            application,
            sessionId,
            category,
            name,
            data,
            timestamp,
            receivedAt,
            ClientContext.NONE,
            identity,
            clock,
            segment);
    return unnamed.withId(EventIds.of(unnamed));
  }
}

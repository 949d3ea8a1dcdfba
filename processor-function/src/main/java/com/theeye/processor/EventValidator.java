package com.theeye.processor;

import com.fasterxml.jackson.core.JsonPointer;
import com.theeye.event.Event;
import com.theeye.event.JsonNumbers;
import com.theeye.store.UnknownEventTypes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether an event's content is valid: its data against its type's schema, its timestamp
 * against the time it was received. Depends on the event alone, so a redelivery an hour later gets
 * the same verdict.
 */
final class EventValidator {

  private final SchemaRegistry schemas;
  private final UnknownEventTypes unknownEventTypes;
  private final Duration clockSkew;

  EventValidator(SchemaRegistry schemas, UnknownEventTypes unknownEventTypes, Duration clockSkew) {
    this.schemas = schemas;
    this.unknownEventTypes = unknownEventTypes;
    this.clockSkew = clockSkew;
  }

  /** Every violation found; empty when the event is valid. */
  List<Violation> violations(Event event) {
    return judge(event).violations();
  }

  /** The verdict under the stack's unknown-type policy. */
  Verdict judge(Event event) {
    return judge(event, Optional.empty());
  }

  /**
   * The violations found, the version of the schema that judged the event, and whether it is
   * unplanned (no schema, accepted unchecked).
   *
   * @param applicationPolicy the sending application's own unknown-type policy; empty: the default,
   *     which is the stack's ({@code UNKNOWN_EVENT_TYPES}) for native events and {@code accept} for
   *     Segment messages, whose sources send types no schema describes yet, as Segment and
   *     RudderStack store them unplanned
   */
  Verdict judge(Event event, Optional<UnknownEventTypes> applicationPolicy) {
    UnknownEventTypes unknownEventTypes =
        applicationPolicy.orElse(
            event.segment().isPresent() ? UnknownEventTypes.ACCEPT : this.unknownEventTypes);
    List<Violation> found = new ArrayList<>();
    Optional<EventSchema> schema = schemas.find(event.category(), event.name());
    // The ingest refuses such a number; an older ingest did not, and whoever can send to the queue
    // need not ask it. Never handed to the schema, whose arithmetic on one can throw or take
    // minutes ("multipleOf"), so the event is kept as invalid instead of failing every delivery.
    Optional<JsonPointer> outOfRange = JsonNumbers.firstOutOfRange(event.data());
    outOfRange.ifPresent(
        where ->
            found.add(
                new Violation(
                    Violation.NUMBER_OUT_OF_RANGE,
                    EventSchema.fieldOf(where.toString()),
                    JsonNumbers.OUT_OF_RANGE)));
    Optional<EventSchema> judging = schema.filter(s -> outOfRange.isEmpty());
    if (judging.isPresent()) {
      found.addAll(judging.get().check(event.data()));
    } else if (schema.isEmpty() && unknownEventTypes == UnknownEventTypes.REJECT) {
      found.add(
          new Violation(
              Violation.UNKNOWN_EVENT_TYPE,
              "category",
              "No schema for category '"
                  + event.category()
                  + "' and name '"
                  + event.name()
                  + "'."));
    }
    // received_at, not the wall clock: the verdict must not change when SQS redelivers the message
    // later.
    if (event.timestamp().isAfter(event.receivedAt().plus(clockSkew))) {
      found.add(
          new Violation(
              Violation.TIMESTAMP_IN_THE_FUTURE,
              "timestamp",
              "Timestamp is in the future: later than received_at plus "
                  + clockSkew.toSeconds()
                  + " s."));
    }
    return new Verdict(
        found,
        judging.map(EventSchema::version),
        schema.isEmpty() && unknownEventTypes == UnknownEventTypes.ACCEPT);
  }
}

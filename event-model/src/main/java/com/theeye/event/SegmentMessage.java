package com.theeye.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Optional;

/**
 * What an event that came as a Segment message keeps of it beside the fields it maps to: its {@code
 * messageId} (Segment's dedupe key, which the event's id derives from) and, verbatim, every
 * top-level field of the message that has no field of its own ({@code type}, {@code context},
 * {@code integrations}, {@code groupId}, {@code previousId}, ...). Segment's {@code context} stays
 * here, apart from The Eye's own {@link ClientContext}.
 *
 * @param messageId the message's {@code messageId}; empty when it sent none
 * @param fields the message's other fields; empty for an event sent to the native API
 */
public record SegmentMessage(Optional<String> messageId, Optional<ObjectNode> fields) {

  /** An event sent to the native API. */
  public static final SegmentMessage NONE = new SegmentMessage(Optional.empty(), Optional.empty());

  public SegmentMessage {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(fields, "fields");
  }

  /** Whether the event came as a Segment message. */
  public boolean isPresent() {
    return fields.isPresent();
  }
}

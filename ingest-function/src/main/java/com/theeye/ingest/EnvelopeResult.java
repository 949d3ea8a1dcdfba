package com.theeye.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.theeye.event.Event;
import java.util.List;

/**
 * What envelope validation made of a request body: events to enqueue, or DRF-shaped errors for a
 * 400.
 */
sealed interface EnvelopeResult {

  /**
   * @param events the normalized events, in request order
   * @param batch whether the body was an array, so the answer is one too
   */
  record Accepted(List<Event> events, boolean batch) implements EnvelopeResult {
    public Accepted {
      events = List.copyOf(events);
    }
  }

  /**
   * @param errors {@code {"field": ["message", ...]}}, or the same keyed by array index for a batch
   */
  record Rejected(ObjectNode errors) implements EnvelopeResult {}
}

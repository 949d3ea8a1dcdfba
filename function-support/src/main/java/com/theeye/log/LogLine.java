package com.theeye.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.theeye.event.EventCodec;
import com.theeye.event.ExactJson;

/**
 * One JSON line of a function's log: {@code level} and {@code message} first; then, for a line made
 * while a handler runs an {@link Invocation}, that invocation's {@code function_request_id}, {@code
 * cold_start} and {@code xray_trace_id}; then the occasion's fields in the order they are added.
 * Every line the functions write is built here, so every line can be filtered by level (CloudWatch
 * Logs Insights: {@code filter level = "WARN"}) and correlated with its request. Lines carry
 * counts, ids and reasons; callers never add event content.
 */
public final class LogLine {

  /** How much a line matters to whoever reads the log. */
  public enum Level {
    /** Work done as it should be. */
    INFO,
    /** Worth a look: a request refused (4xx), a message handed back to SQS, priming cut short. */
    WARN,
    /** The function could not do its job (5xx), e.g. because a dependency was down. */
    ERROR
  }

  private final ObjectNode fields = ExactJson.MAPPER.createObjectNode();

  public LogLine(Level level, String message) {
    fields.put("level", level.name());
    fields.put("message", message);
    Invocation.current().ifPresent(invocation -> invocation.addTo(fields));
  }

  /** Adds a text field; null becomes JSON null. */
  public LogLine with(String name, String value) {
    fields.put(name, value);
    return this;
  }

  public LogLine with(String name, long value) {
    fields.put(name, value);
    return this;
  }

  public LogLine with(String name, double value) {
    fields.put(name, value);
    return this;
  }

  /** Adds a structured field, e.g. an array of failures. */
  public LogLine with(String name, JsonNode value) {
    fields.set(name, value);
    return this;
  }

  /** The line as one line of JSON, without a line break. */
  public String json() {
    return EventCodec.write(fields);
  }

  @Override
  public String toString() {
    return json();
  }
}

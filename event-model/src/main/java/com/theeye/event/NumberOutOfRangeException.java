package com.theeye.event;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;

/**
 * A JSON text holds a number outside the range its reader takes ({@link JsonNumbers}). Names where
 * the number is, never the number itself: these messages reach logs.
 */
public final class NumberOutOfRangeException extends JsonParseException {
  private static final long serialVersionUID = 1L;

  private final transient JsonPointer where;

  NumberOutOfRangeException(JsonParser parser) {
    super(parser, "a number is out of range");
    this.where = parser.getParsingContext().pathAsPointer();
  }

  /** The number's place in the text's value: {@code /3/data/price}, or the empty pointer. */
  public JsonPointer where() {
    return where;
  }
}

package com.theeye.event;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * Checks each number as a tree is built from it: Jackson's own extension point for reading, so the
 * check needs no second pass over the text. The tree asks for every non-integer number with {@link
 * #getDecimalValue} ({@code USE_BIG_DECIMAL_FOR_FLOATS}); an integer literal is at most 1,000
 * digits long, so always in range.
 */
final class RangeCheckingParser extends JsonParserDelegate {

  private final JsonNumbers.Range range;

  RangeCheckingParser(JsonParser parser, JsonNumbers.Range range) {
    super(parser);
    this.range = range;
  }

  @Override
  public BigDecimal getDecimalValue() throws IOException {
    BigDecimal number;
    try {
      number = super.getDecimalValue();
    } catch (NumberFormatException e) {
      // Its message quotes the number; the exception says only where it is.
      throw new NumberOutOfRangeException(this);
    }
    if (!range.contains(number)) {
      throw new NumberOutOfRangeException(this);
    }
    return number;
  }
}

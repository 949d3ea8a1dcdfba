package com.theeye.event;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

/**
 * Which JSON numbers an event may carry: any whose exponent, written in scientific notation as Java
 * writes it ({@code 1.5E+3}), lies from -{@value #MAX_EXPONENT} to {@value #MAX_EXPONENT}.
 *
 * <p>JSON itself sets no limit and lets an implementation set one (RFC 8259, section 6). Without
 * one, {@code 1e99999999999} cannot even be read ({@code BigDecimal}'s exponent is an {@code int}),
 * and numbers such as {@code 1E+2147483647} or {@code 1E+10000000} can be read but not worked with:
 * a schema's {@code multipleOf} throws on the first and takes over a minute on the second, and
 * trimming {@code 100E+2147483647}'s zeros overflows its scale. The bound is Jackson's own limit on
 * a number's length, 1,000 characters ({@code StreamReadConstraints}), so every accepted number,
 * written out in plain digits, is about as long as the longest number literal Jackson reads at all;
 * an event full of them costs the processor's schema check about what one full of numbers near
 * {@code 1E+308}, the largest double, costs. An integer literal is always within the bound.
 */
public final class JsonNumbers {

  public static final int MAX_EXPONENT = 1000;

  /** The DRF-style message of a field holding a number out of range. */
  public static final String OUT_OF_RANGE =
      "Ensure every number in this field has an exponent from -"
          + MAX_EXPONENT
          + " to "
          + MAX_EXPONENT
          + " in scientific notation, such as 1.5E+3.";

  private JsonNumbers() {}

  /** Which numbers a read takes ({@link ExactJson#read(String, Range)}). */
  public enum Range {
    /**
     * Any number Java can hold: how queue messages and stored items are read, so an event an older
     * version accepted is still read, and judged, rather than lost.
     */
    READABLE,
    /** Those an event may carry ({@link #inRange}): what the ingest accepts. */
    EVENT;

    boolean contains(BigDecimal number) {
      return this == READABLE || inRange(number);
    }
  }

  /** Whether an event may carry {@code number}. */
  public static boolean inRange(BigDecimal number) {
    long exponent = exponent(number);
    return exponent >= -MAX_EXPONENT && exponent <= MAX_EXPONENT;
  }

  /**
   * The power of ten of the number's first digit, as in {@code BigDecimal.toString}: 3 for {@code
   * 1.5E+3} and for {@code 1500}, -2 for {@code 0.01}, 5 for {@code 0E+5}. Counted in a {@code
   * long}, since an {@code int} scale can put it just past {@code int}'s range.
   */
  static long exponent(BigDecimal number) {
    return (long) number.precision() - number.scale() - 1;
  }

  /** Where in {@code node} the first number out of range is; empty when there is none. */
  public static Optional<JsonPointer> firstOutOfRange(JsonNode node) {
    if (node.isNumber()) {
      return inRange(node.decimalValue()) ? Optional.empty() : Optional.of(JsonPointer.empty());
    }
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        Optional<JsonPointer> inside = firstOutOfRange(node.get(i));
        if (inside.isPresent()) {
          return Optional.of(JsonPointer.empty().appendIndex(i).append(inside.get()));
        }
      }
    }
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        Optional<JsonPointer> inside = firstOutOfRange(field.getValue());
        if (inside.isPresent()) {
          return Optional.of(
              JsonPointer.empty().appendProperty(field.getKey()).append(inside.get()));
        }
      }
    }
    return Optional.empty();
  }
}

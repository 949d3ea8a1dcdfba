package com.theeye.event;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one Jackson mapper of the whole process, built once: every module reads and writes JSON with
 * it, so an event means the same thing at the ingest, on the queue, in the processor and in the
 * query answer.
 *
 * <p>Configured for two reasons. Numbers are kept exactly as sent, as {@code BigDecimal} without
 * binary floating point or trailing-zero trimming, so the canonical JSON an event's id is derived
 * from ({@link EventIds}) is the same wherever it is computed. And a text with anything after its
 * one value is a parse error, not silently half-read. Never enable {@code
 * WRITE_BIGDECIMAL_AS_PLAIN}: a number such as {@code 1E+1000} would be written out digit by digit.
 */
public final class ExactJson {

  public static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
          .build();

  private ExactJson() {}

  /**
   * The tree of {@code text}; null when it holds no value. Unlike {@code MAPPER.readTree}, a number
   * Java cannot hold (an exponent past 2<sup>31</sup>, such as {@code 1e99999999999}) is a parse
   * error naming where it is ({@link NumberOutOfRangeException}) instead of a {@link
   * NumberFormatException} that quotes it.
   *
   * @throws JsonProcessingException when {@code text} is not one JSON value
   */
  public static JsonNode read(String text) throws JsonProcessingException {
    return read(text, JsonNumbers.Range.READABLE);
  }

  /**
   * The tree of {@code text}, each of its numbers within {@code range}; null when it holds no
   * value.
   *
   * @throws NumberOutOfRangeException at the first number outside {@code range}
   * @throws JsonProcessingException when {@code text} is not one JSON value
   */
  public static JsonNode read(String text, JsonNumbers.Range range) throws JsonProcessingException {
    try (JsonParser parser = new RangeCheckingParser(MAPPER.createParser(text), range)) {
      return MAPPER.readTree(parser);
    } catch (JsonProcessingException e) {
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException("reading a string failed", e);
    }
  }
}

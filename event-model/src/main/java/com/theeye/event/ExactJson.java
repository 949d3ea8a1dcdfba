package com.theeye.event;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

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
}

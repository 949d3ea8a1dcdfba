package com.theeye.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.theeye.event.ExactJson;
import com.theeye.log.LogLine.Level;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Every line made while a handler runs an invocation carries that invocation's fields. */
class InvocationTest {

  private static final String TRACE = "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1";

  @Test
  void aLineMadeDuringAnInvocationCarriesItsRequestIdColdStartAndTraceAfterLevelAndMessage() {
    Invocation invocation = Invocation.of(new StubContext("request-1", TRACE), true);

    String line =
        invocation.call(() -> new LogLine(Level.INFO, "query request").with("status", 200).json());

    assertEquals(
        "{\"level\":\"INFO\",\"message\":\"query request\",\"function_request_id\":\"request-1\","
            + "\"cold_start\":true,\"xray_trace_id\":\"1-5759e988-bd862e3fe1be46a994272793\","
            + "\"status\":200}",
        line);
  }

  @Test
  void anUntracedInvocationsLinesHaveNoTraceId() {
    JsonNode line =
        json(
            Invocation.of(new StubContext("request-2", null), false)
                .call(() -> new LogLine(Level.WARN, "batch processed").json()));

    assertEquals("request-2", line.get(Invocation.REQUEST_ID).asText());
    assertFalse(line.get(Invocation.COLD_START).asBoolean());
    assertFalse(line.has(Invocation.TRACE_ID), line::toString);
  }

  @Test
  void aLineOfTheEnvironmentsStartHasNoRequestIdAndIsTheColdStart() {
    JsonNode line =
        json(
            Invocation.initialization()
                .call(() -> new LogLine(Level.WARN, "priming failed").json()));

    assertTrue(line.has(Invocation.REQUEST_ID), line::toString);
    assertTrue(line.get(Invocation.REQUEST_ID).isNull(), line::toString);
    assertTrue(line.get(Invocation.COLD_START).asBoolean());
  }

  @Test
  void aLineMadeOutsideAnyInvocationHasNoneOfTheFields() {
    Invocation.of(new StubContext("request-3", TRACE), true).run(() -> {});

    assertEquals(
        "{\"level\":\"INFO\",\"message\":\"m\"}",
        new LogLine(Level.INFO, "m").json(),
        "nothing of an invocation is left behind when it returns");
  }

  @Test
  void concurrentInvocationsEachStampTheirOwnLines() {
    List<String> requestIds =
        IntStream.range(0, 8)
            .mapToObj(
                i ->
                    CompletableFuture.supplyAsync(
                        () ->
                            Invocation.of(new StubContext("request-" + i, null), false)
                                .call(() -> new LogLine(Level.INFO, "m").json())))
            .toList()
            .stream()
            .map(CompletableFuture::join)
            .map(line -> json(line).get(Invocation.REQUEST_ID).asText())
            .toList();

    assertEquals(IntStream.range(0, 8).mapToObj(i -> "request-" + i).toList(), requestIds);
  }

  private static JsonNode json(String line) {
    try {
      return ExactJson.MAPPER.readTree(line);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

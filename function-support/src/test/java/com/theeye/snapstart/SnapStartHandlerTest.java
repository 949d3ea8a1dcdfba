package com.theeye.snapstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.theeye.event.ExactJson;
import com.theeye.log.Invocation;
import com.theeye.log.StubContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SnapStartHandlerTest {

  private final List<String> logged = new ArrayList<>();

  @Test
  void primesBeforeTheSnapshotAndLogsNothingWhenPrimingWorks() {
    List<String> primed = new ArrayList<>();
    SnapStartHandler handler = handler(() -> primed.add("primed"));

    handler.beforeCheckpoint(null);

    assertEquals(List.of("primed"), primed);
    assertEquals(List.of(), logged);
  }

  @Test
  void aPrimingFailureIsLoggedAsOneWarnLineAndNeverFailsTheSnapshot() throws IOException {
    SnapStartHandler handler =
        handler(
            () -> {
              throw new IllegalStateException("priming query answered 503");
            });

    handler.beforeCheckpoint(null);

    assertEquals(1, logged.size(), logged::toString);
    JsonNode line = ExactJson.MAPPER.readTree(logged.getFirst());
    assertEquals("WARN", line.get("level").asText());
    assertEquals("priming failed", line.get("message").asText());
    assertTrue(line.get("error").asText().contains("priming query answered 503"), line::toString);
  }

  @Test
  void thePrimingFailureLineHasNoRequestIdAndIsTheEnvironmentsColdStart() throws IOException {
    SnapStartHandler handler =
        handler(
            () -> {
              throw new IllegalStateException("priming query answered 503");
            });

    handler.beforeCheckpoint(null);

    JsonNode line = ExactJson.MAPPER.readTree(logged.getFirst());
    assertTrue(line.has(Invocation.REQUEST_ID), line::toString);
    assertTrue(line.get(Invocation.REQUEST_ID).isNull(), line::toString);
    assertTrue(line.get(Invocation.COLD_START).asBoolean(), line::toString);
  }

  @Test
  void theFirstInvocationIsTheColdStartAndTheFirstAfterARestoreIsAgain() {
    SnapStartHandler handler = handler(() -> {});
    handler.beforeCheckpoint(null);

    Invocation first = handler.invocation(new StubContext("request-1", null));
    Invocation second = handler.invocation(new StubContext("request-2", null));
    handler.afterRestore(null);
    Invocation restored = handler.invocation(new StubContext("request-3", null));
    Invocation next = handler.invocation(new StubContext("request-4", null));

    assertEquals(
        List.of(true, false, true, false),
        List.of(first.coldStart(), second.coldStart(), restored.coldStart(), next.coldStart()));
    assertEquals(Optional.of("request-3"), restored.requestId());
  }

  @Test
  void anErrorIsNotSwallowed() {
    SnapStartHandler handler =
        handler(
            () -> {
              throw new OutOfMemoryError("simulated");
            });

    assertThrows(OutOfMemoryError.class, () -> handler.beforeCheckpoint(null));
  }

  private SnapStartHandler handler(Runnable priming) {
    return new SnapStartHandler(logged::add) {
      @Override
      protected void prime() {
        priming.run();
      }
    };
  }
}

package com.theeye.snapstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.theeye.event.ExactJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
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

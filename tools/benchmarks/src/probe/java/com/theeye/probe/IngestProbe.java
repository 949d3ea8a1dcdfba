package com.theeye.probe;

import com.theeye.ingest.IngestHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Does what Lambda does in a new execution environment: builds the ingest handler through its
 * public no-arg constructor, then hands it one API Gateway event (and, when asked, more: {@link
 * ProbeRun}). With {@code primed}, runs the SnapStart hooks in between, as Lambda does before it
 * takes the snapshot.
 */
public final class IngestProbe {

  private IngestProbe() {}

  public static void main(String[] args) throws Exception {
    ProbeRun run = ProbeRun.of(args);
    IngestHandler handler = run.time("init", IngestHandler::new);
    run.time(
        "prime",
        () -> {
          if (run.primed()) {
            ((org.crac.Resource) (Object) handler).beforeCheckpoint(null);
          }
          return null;
        });
    String check = run.time("first", () -> handle(handler, run.firstRequest()));
    run.warm(request -> handle(handler, request), check);
    run.print(check);
  }

  private static String handle(IngestHandler handler, String event) throws Exception {
    ByteArrayOutputStream response = new ByteArrayOutputStream();
    handler.handleRequest(
        new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)),
        response,
        new ProbeContext());
    String answer = response.toString(StandardCharsets.UTF_8);
    return "status=" + answer.replaceAll("(?s).*\"statusCode\":(\\d+).*", "$1");
  }
}

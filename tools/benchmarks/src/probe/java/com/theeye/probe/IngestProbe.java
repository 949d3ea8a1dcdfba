package com.theeye.probe;

import com.theeye.ingest.IngestHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Does what Lambda does in a new execution environment: builds the ingest handler through its
 * public no-arg constructor, then hands it one API Gateway event. Prints how long each took. With
 * {@code primed}, runs the SnapStart hooks in between, as Lambda does before it takes the snapshot.
 */
public final class IngestProbe {

  private IngestProbe() {}

  public static void main(String[] args) throws Exception {
    byte[] event = Files.readAllBytes(Path.of(args[0]));
    boolean primed = args.length > 1 && args[1].equals("primed");
    long start = System.nanoTime();
    IngestHandler handler = new IngestHandler();
    long built = System.nanoTime();
    if (primed) {
      ((org.crac.Resource) (Object) handler).beforeCheckpoint(null);
    }
    long ready = System.nanoTime();
    ByteArrayOutputStream response = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(event), response, new ProbeContext());
    long handled = System.nanoTime();
    String answer = response.toString(StandardCharsets.UTF_8);
    String status = answer.replaceAll("(?s).*\"statusCode\":(\\d+).*", "$1");
    System.out.printf(
        "PROBE init_ms=%.1f prime_ms=%.1f first_ms=%.1f status=%s%n",
        (built - start) / 1e6, (ready - built) / 1e6, (handled - ready) / 1e6, status);
  }
}

package com.theeye.operator.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which API {@code make smoke} checks; that the check passes against the real handlers is {@code
 * SmokeCheckAgainstLocalRunnerTest}'s (tools/local-runner).
 */
class SmokeCheckTest {

  @TempDir Path data;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private HttpServer api;

  /** An API that refuses every application: the check stops at its first POST. */
  @BeforeEach
  void startApi() throws IOException {
    api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    api.createContext(
        "/",
        exchange -> {
          requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
          byte[] body = "{\"detail\": \"Untrusted application.\"}".getBytes();
          exchange.sendResponseHeaders(401, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    api.start();
  }

  @AfterEach
  void stopApi() {
    api.stop(0);
  }

  @Test
  void withoutAUrlItChecksTheApiTheRunningMakeRunRecorded() throws IOException {
    String url = "http://127.0.0.1:" + api.getAddress().getPort();
    Files.writeString(
        data.resolve("endpoints.json"),
        """
        {"api": "%s", "sqs_endpoint": "http://127.0.0.1:1", "dynamodb_endpoint": "http://127.0.0.1:2",
         "events_queue_url": "http://127.0.0.1:1/000000000000/q", "applications_table": "a",
         "invalid_events_table": "i", "index_shards": 8}"""
            .formatted(url));

    int code = smoke(List.of("", ""), Map.of("EYE_DATA_DIR", data.toString()));

    assertEquals(1, code, out());
    assertTrue(out().startsWith("No URL: checking the running make run at " + url), out());
    assertEquals(List.of("POST /api/v1/events"), requests);
    assertTrue(out().contains("FAIL  POST /api/v1/events (the seed pageview): 401"), out());
  }

  @Test
  void aUrlIsCheckedWhateverMakeRunRecorded() {
    String url = "http://127.0.0.1:" + api.getAddress().getPort();

    int code = smoke(List.of(url), Map.of("EYE_DATA_DIR", data.toString()));

    assertEquals(1, code, out());
    assertEquals(List.of("POST /api/v1/events"), requests);
  }

  @Test
  void withoutAUrlNorARunningMakeRunItSaysWhatToDo() {
    int code = smoke(List.of("", ""), Map.of("EYE_DATA_DIR", data.toString()));

    assertEquals(1, code);
    assertTrue(err().contains("no running `make run` found"), err());
    assertTrue(requests.isEmpty());
  }

  @Test
  void aBadApplicationIsAUsageError() {
    int code = smoke(List.of("http://127.0.0.1:1", "shop"), Map.of());

    assertEquals(2, code);
    assertTrue(err().contains("usage: make smoke"), err());
  }

  private int smoke(List<String> args, Map<String, String> env) {
    return SmokeCheck.run(
        args,
        env,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }
}

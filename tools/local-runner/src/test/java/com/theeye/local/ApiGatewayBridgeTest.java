package com.theeye.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.theeye.event.ExactJson;
import com.theeye.testsupport.Eventually;
import com.theeye.testsupport.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The local gateway in front of the functions, over raw sockets (java.net.http refuses some of
 * these requests before sending them): API Gateway's quota on a request's head, and its routes as
 * the template declares them. Stub integrations stand in for the functions and name themselves.
 */
class ApiGatewayBridgeTest {

  private static final int LIMIT = RequestHeadLimit.API_GATEWAY_BYTES;

  private final AtomicInteger calls = new AtomicInteger();
  private ApiGatewayBridge api;

  @BeforeEach
  void start() throws IOException {
    api =
        ApiGatewayBridge.start(
            "127.0.0.1",
            0,
            LocalFunctions.routes(integration("ingest", 202), integration("query", 200)),
            new ApiDocs(Fixtures.repoRoot()),
            new GatewayCors(LocalSettings.CorsSettings.TEMPLATE_DEFAULTS),
            System.out::println);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void aUrlOf100KilobytesGets414WithAJsonBody() throws IOException {
    Answer answer = send("GET /api/v1/events?x=" + "a".repeat(100_000) + " HTTP/1.1", Map.of());

    assertEquals(414, answer.status());
    assertEquals("application/json", answer.headers().get("content-type"));
    assertTrue(
        json(answer.body()).path("message").asText().startsWith("URI Too Long"), answer::body);
  }

  @Test
  void threeHundredHeadersGet431() throws IOException {
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 0; i < 300; i++) {
      headers.put("x-header-" + i, "v".repeat(40));
    }

    Answer answer = send("POST /api/v1/events HTTP/1.1", headers);

    assertEquals(431, answer.status());
    assertEquals(
        "Request Header Fields Too Large: the request line and headers may take at most 10240"
            + " bytes together.",
        json(answer.body()).path("message").asText());
  }

  @Test
  void oneHeaderOfAMegabyteGets431() throws IOException {
    Answer answer = send("POST /api/v1/events HTTP/1.1", Map.of("x-big", "b".repeat(1024 * 1024)));

    assertEquals(431, answer.status());
  }

  @Test
  void aRequestWhoseHeadIsExactlyAtTheLimitReachesItsFunction() throws IOException {
    String requestLine = "POST /api/v1/events HTTP/1.1";

    Answer atLimit = send(requestLine, padded(requestLine, 0));
    Answer overLimit = send(requestLine, padded(requestLine, 1));

    assertEquals(202, atLimit.status(), atLimit::body);
    assertEquals("ingest", json(atLimit.body()).path("function").asText());
    assertEquals(431, overLimit.status());
  }

  @Test
  void aRequestLineExactlyAtTheLimitIsNotTooLongButOneByteMoreIs() throws IOException {
    // HTTP/1.0 without headers: the line is the whole head, and the server closes after answering.
    String prefix = "GET /api/v1/invalid-events?x=";
    String suffix = " HTTP/1.0";
    String atLimit = prefix + "a".repeat(LIMIT - prefix.length() - suffix.length()) + suffix;
    String overLimit = prefix + "a".repeat(LIMIT + 1 - prefix.length() - suffix.length()) + suffix;

    assertEquals(200, sendHead(atLimit + "\r\n\r\n").status());
    assertEquals(414, sendHead(overLimit + "\r\n\r\n").status());
  }

  @Test
  void routesEachMethodAndPathAsTheTemplateDoes() throws IOException {
    assertEquals("ingest", function("POST /api/v1/events"));
    assertEquals("ingest", function("POST /api/v1/events/"));
    assertEquals("ingest", function("PUT /api/v1/events"));
    assertEquals("ingest", function("DELETE /api/v1/events/"));
    assertEquals("ingest", function("PATCH /api/v1/invalid-events"));
    assertEquals("ingest", function("POST /api/v1/invalid-events/"));
    assertEquals("ingest", function("POST /api/v1/sessions"), "the greedy route, for its 404");
    assertEquals("query", function("GET /api/v1/events"));
    assertEquals("query", function("GET /api/v1/events/"));
    assertEquals("query", function("GET /api/v1/invalid-events/"));
    // A path variable is more specific than the greedy route: a receipt is the ingest's, one
    // segment exactly; anything else below /api/v1/receipts/ is the greedy GET route's.
    assertEquals("ingest", function("GET /api/v1/receipts/eyJh.c2ln"));
    assertEquals("query", function("GET /api/v1/receipts/eyJh.c2ln/more"));
    assertEquals("query", function("GET /api/v1/receipts/"));

    for (String unrouted : List.of("GET /api/v2/events", "POST /api/v1/")) {
      Answer answer = send(unrouted + " HTTP/1.1", Map.of());
      assertEquals(404, answer.status(), unrouted);
      assertEquals("{\"message\":\"Not Found\"}", answer.body(), unrouted);
    }
  }

  @Test
  void answersAHeadWithoutContent() throws IOException {
    Answer head = send("HEAD /api/v1/events HTTP/1.1", Map.of());

    assertEquals(202, head.status(), "the stub's status");
    assertEquals("", head.body(), "the stub's body is not sent");
  }

  @Test
  void aTransferEncodingOtherThanChunkedGets501BeforeAnyFunctionRuns() throws IOException {
    String chunkedBody = "2\r\n{}\r\n0\r\n\r\n";

    Answer chunked =
        send("POST /api/v1/events HTTP/1.1", Map.of("transfer-encoding", "chunked"), chunkedBody);
    Answer gzipped =
        send(
            "POST /api/v1/events HTTP/1.1",
            Map.of("transfer-encoding", "gzip, chunked"),
            chunkedBody);
    Answer identity =
        send("POST /api/v1/events HTTP/1.1", Map.of("transfer-encoding", "identity"), "");

    assertEquals(202, chunked.status(), "chunked reaches the function");
    assertEquals(501, gzipped.status(), gzipped::body);
    assertTrue(gzipped.body().contains("Unsupported Transfer-Encoding"), gzipped::body);
    assertEquals(501, identity.status(), identity::body);
    assertEquals(1, calls.get(), "only the chunked request reached a function");
  }

  @Test
  void aRequestWhoseHeadArrivesAByteAtATimeIsCutOffUnanswered() throws Exception {
    int clients = 20;
    List<Socket> slow = new ArrayList<>();
    try {
      for (int i = 0; i < clients; i++) {
        Socket socket = new Socket("127.0.0.1", api.port());
        socket
            .getOutputStream()
            .write(
                "POST /api/v1/events HTTP/1.1\r\nx-slow: ".getBytes(StandardCharsets.ISO_8859_1));
        slow.add(socket);
      }
      int[] bytesSent = new int[clients];
      Set<Integer> open = new HashSet<>();
      IntStream.range(0, clients).forEach(open::add);
      Eventually.await(
          Duration.ofSeconds(4 * ApiGatewayBridge.REQUEST_READ_TIMEOUT.toSeconds()),
          () -> {
            for (int i : List.copyOf(open)) {
              try {
                slow.get(i).getOutputStream().write('a');
                bytesSent[i]++;
              } catch (IOException closedByTheServer) {
                open.remove(i);
              }
            }
            sleepASecond();
            return open.size();
          },
          stillOpen -> stillOpen == 0,
          "every slow connection closed by the server");

      assertEquals(
          202, send("POST /api/v1/events HTTP/1.1", Map.of()).status(), "others are served");
      for (int i = 0; i < clients; i++) {
        assertTrue(bytesSent[i] >= 3, "it was kept open while the head arrived: " + bytesSent[i]);
        slow.get(i).setSoTimeout(10_000);
        assertEquals(-1, readOrEnd(slow.get(i).getInputStream()), "closed without an answer");
      }
    } finally {
      for (Socket socket : slow) {
        socket.close();
      }
    }
  }

  private static int readOrEnd(InputStream in) {
    try {
      return in.read();
    } catch (IOException reset) {
      return -1;
    }
  }

  private static void sleepASecond() {
    try {
      Thread.sleep(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The function that answered a request, by its stub's name. */
  private String function(String methodAndPath) throws IOException {
    Answer answer = send(methodAndPath + " HTTP/1.1", Map.of());
    return json(answer.body()).path("function").asText(answer.status() + " " + answer.body());
  }

  /**
   * The headers this test sends with {@code requestLine}, padded so that the head counts the limit
   * plus {@code extra} bytes: the request line, and each header's name and value.
   */
  private Map<String, String> padded(String requestLine, int extra) {
    Map<String, String> headers = new LinkedHashMap<>(standardHeaders());
    long size = requestLine.length();
    for (Map.Entry<String, String> header : headers.entrySet()) {
      size += header.getKey().length() + header.getValue().length();
    }
    String name = "x-pad";
    headers.put(name, "p".repeat((int) (LIMIT + extra - size - name.length())));
    return headers;
  }

  private Map<String, String> standardHeaders() {
    return Map.of("host", "127.0.0.1:" + api.port(), "connection", "close");
  }

  /** Sends the request line and headers, with {@code Host} and {@code Connection: close}. */
  private Answer send(String requestLine, Map<String, String> headers) throws IOException {
    return send(requestLine, headers, "");
  }

  /** As {@link #send(String, Map)}, then {@code body} as it is. */
  private Answer send(String requestLine, Map<String, String> headers, String body)
      throws IOException {
    StringBuilder head = new StringBuilder(requestLine).append("\r\n");
    Map<String, String> all = new LinkedHashMap<>(standardHeaders());
    all.putAll(headers);
    all.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
    head.append("\r\n");
    return sendHead(head + body);
  }

  /** Sends {@code head} as it is, then reads the answer until the server closes the connection. */
  private Answer sendHead(String head) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", api.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return Answer.read(socket.getInputStream());
    }
  }

  private RequestStreamHandler integration(String name, int status) {
    return (input, output, context) -> {
      calls.incrementAndGet();
      output.write(
          ("{\"statusCode\": "
                  + status
                  + ", \"headers\": {\"content-type\": \"application/json\"},"
                  + " \"body\": \"{\\\"function\\\": \\\""
                  + name
                  + "\\\"}\"}")
              .getBytes(StandardCharsets.UTF_8));
    };
  }

  private static JsonNode json(String text) throws IOException {
    return ExactJson.MAPPER.readTree(text);
  }

  private record Answer(int status, Map<String, String> headers, String body) {

    static Answer read(InputStream input) throws IOException {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      input.transferTo(bytes);
      String text = bytes.toString(StandardCharsets.UTF_8);
      int end = text.indexOf("\r\n\r\n");
      assertTrue(end > 0, () -> "no complete answer: " + text);
      String[] lines = text.substring(0, end).split("\r\n");
      Map<String, String> headers = new LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        String[] header = lines[i].split(":", 2);
        headers.put(header[0].strip().toLowerCase(Locale.ROOT), header[1].strip());
      }
      return new Answer(Integer.parseInt(lines[0].split(" ")[1]), headers, text.substring(end + 4));
    }
  }
}

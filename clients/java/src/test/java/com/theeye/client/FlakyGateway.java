package com.theeye.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP server in front of The Eye that records the status of every POST it answers and, when
 * told, answers the next ones 503 with Retry-After (an overloaded or failing API) instead of
 * forwarding them.
 */
final class FlakyGateway implements AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final HttpServer server;
  private final String target;
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private final List<Integer> statuses = new CopyOnWriteArrayList<>();
  private final List<String> bodies = new CopyOnWriteArrayList<>();

  FlakyGateway(String target) throws IOException {
    this.target = target;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.createContext("/", this::answer);
    server.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  void failNext(int times) {
    failuresLeft.set(times);
  }

  /** The status of every POST answered so far, in order. */
  List<Integer> statuses() {
    return List.copyOf(statuses);
  }

  List<String> bodies() {
    return List.copyOf(bodies);
  }

  private void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      bodies.add(new String(body, StandardCharsets.UTF_8));
      if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        exchange.getResponseHeaders().set("retry-after", "1");
        send(exchange, 503, "{\"detail\": \"The Eye cannot take events right now; retry later.\"}");
        return;
      }
      HttpRequest.Builder forward =
          HttpRequest.newBuilder(URI.create(target + exchange.getRequestURI()))
              .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
      for (String header : List.of("application", "content-type")) {
        String value = exchange.getRequestHeaders().getFirst(header);
        if (value != null) {
          forward.header(header, value);
        }
      }
      HttpResponse<String> answer;
      try {
        answer = HTTP.send(forward.build(), HttpResponse.BodyHandlers.ofString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
      send(exchange, answer.statusCode(), answer.body());
    }
  }

  private void send(HttpExchange exchange, int status, String body) throws IOException {
    statuses.add(status);
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("content-type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

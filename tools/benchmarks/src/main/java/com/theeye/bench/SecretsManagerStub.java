package com.theeye.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Secrets Manager's GetSecretValue on a loopback port, the one call the query function makes at
 * init: every secret holds {@link #KEY} as its current version and has no previous one (never
 * rotated). The probed query function reaches it through {@code AWS_ENDPOINT_URL_SECRETS_MANAGER},
 * which the SDK for Java reads itself.
 */
final class SecretsManagerStub implements AutoCloseable {

  static final String KEY = "cost-probe-cursor-signing-key-0123456789abcdefghijklmnopqrstuvwxyz";

  private final HttpServer server;

  SecretsManagerStub() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::answer);
    server.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      boolean getSecretValue =
          "secretsmanager.GetSecretValue"
              .equals(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
      if (getSecretValue && !request.contains("AWSPREVIOUS")) {
        reply(
            exchange,
            200,
            "{\"ARN\":\"arn:aws:secretsmanager:us-east-1:000000000000:secret:probe\",\"Name\":\"probe\","
                + "\"SecretString\":\""
                + KEY
                + "\",\"VersionId\":\"v1\",\"VersionStages\":[\"AWSCURRENT\"]}");
      } else {
        reply(
            exchange,
            400,
            "{\"__type\":\"ResourceNotFoundException\",\"message\":\"no such version\"}");
      }
    }
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

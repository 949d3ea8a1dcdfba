package com.theeye.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.theeye.aws.AwsClients;
import com.theeye.event.EventCodec;
import com.theeye.event.ExactJson;
import com.theeye.signing.CursorKeys;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Secrets Manager's GetSecretValue on a loopback port, as much of it as {@link CursorKeys} uses:
 * one secret whose value a test can change (a rotation) or make unreadable (an outage, or a role
 * whose permission has not propagated yet).
 */
public final class SecretsManagerFake implements AutoCloseable {

  public static final String SECRET_ARN =
      "arn:aws:secretsmanager:eu-west-1:123456789012:secret:CursorSigningSecret-AbCdEf";

  private final HttpServer server;
  private final AtomicInteger reads = new AtomicInteger();
  private final AtomicInteger calls = new AtomicInteger();
  private volatile String value;
  private volatile String previousValue;
  private volatile boolean down;
  private volatile boolean denied;

  public SecretsManagerFake(String initialValue) throws IOException {
    this.value = initialValue;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::answer);
    server.start();
  }

  /** A client for this fake, built the way the function builds its clients. */
  public SecretsManagerClient client() {
    return clientFor(URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
  }

  /** A client for {@code endpoint}, built the way the function builds its clients. */
  public static SecretsManagerClient clientFor(URI endpoint) {
    return AwsClients.forEndpoint(
            endpoint,
            Region.EU_WEST_1,
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")),
            Duration.ofSeconds(2))
        .build(SecretsManagerClient.builder());
  }

  /** Puts a new value in the secret, as a rotation does: the old one becomes AWSPREVIOUS. */
  public void rotateTo(String newValue) {
    previousValue = value;
    value = newValue;
  }

  /** Answers 500 to every call until {@link #recover}. */
  public void goDown() {
    down = true;
  }

  public void recover() {
    down = false;
  }

  /**
   * Answers every call AccessDeniedException until {@link #grant}, as Secrets Manager does while
   * the caller's role has no permission to read the secret, e.g. before a new policy propagates.
   */
  public void deny() {
    denied = true;
  }

  public void grant() {
    denied = false;
  }

  /** GetSecretValue calls, answered or not. */
  public int calls() {
    return calls.get();
  }

  /** GetSecretValue calls answered with a version of the secret. */
  public int reads() {
    return reads.get();
  }

  private void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
      JsonNode request = ExactJson.MAPPER.readTree(exchange.getRequestBody());
      if ("secretsmanager.GetSecretValue".equals(target)) {
        calls.incrementAndGet();
      }
      if (down) {
        reply(exchange, 500, error("InternalServiceError", "the fake is down"));
      } else if (denied) {
        reply(
            exchange,
            400,
            error(
                "AccessDeniedException",
                "User: arn:aws:sts::123456789012:assumed-role/the-eye-QueryFunctionRole/query is"
                    + " not authorized to perform: secretsmanager:GetSecretValue on resource: "
                    + SECRET_ARN
                    + " because no identity-based policy allows the"
                    + " secretsmanager:GetSecretValue action"));
      } else if (!"secretsmanager.GetSecretValue".equals(target)) {
        reply(exchange, 400, error("InvalidRequestException", "unexpected " + target));
      } else if (!SECRET_ARN.equals(request.path("SecretId").asText())) {
        reply(exchange, 400, error("ResourceNotFoundException", "no such secret"));
      } else if (request.path("VersionStage").asText("AWSCURRENT").equals("AWSPREVIOUS")
          && previousValue == null) {
        reply(exchange, 400, error("ResourceNotFoundException", "no version has AWSPREVIOUS"));
      } else {
        boolean previous = request.path("VersionStage").asText().equals("AWSPREVIOUS");
        reads.incrementAndGet();
        ObjectNode secret = ExactJson.MAPPER.createObjectNode();
        secret.put("ARN", SECRET_ARN);
        secret.put("Name", "CursorSigningSecret-AbCdEf");
        secret.put("SecretString", previous ? previousValue : value);
        secret.put("VersionId", "v" + reads.get());
        secret.putArray("VersionStages").add(previous ? "AWSPREVIOUS" : "AWSCURRENT");
        reply(exchange, 200, secret);
      }
    }
  }

  private static ObjectNode error(String type, String message) {
    ObjectNode error = ExactJson.MAPPER.createObjectNode();
    error.put("__type", type);
    error.put("message", message);
    return error;
  }

  private static void reply(HttpExchange exchange, int status, JsonNode body) throws IOException {
    byte[] bytes = EventCodec.write(body).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

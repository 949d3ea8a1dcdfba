package com.theeye.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.theeye.event.EventCodec;
import com.theeye.event.ExactJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The sample events the measurements share: the {@code events/} fixtures the tests use, and batches
 * of distinct events built like them.
 */
public final class Fixtures {

  /** The seed README's application, registered by the local runner and used by the fixtures. */
  public static final UUID APPLICATION = UUID.fromString("0e302fce-66ad-4721-911e-0ab9d33697bf");

  private Fixtures() {}

  /** The checkout: {@code eye.root} when set, else the nearest folder above holding events/. */
  public static Path repoRoot() {
    String configured = System.getProperty("eye.root");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured).toAbsolutePath();
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("events/ingest"))) {
        return dir;
      }
    }
    throw new IllegalStateException("cannot find the checkout (events/ingest): set -Deye.root");
  }

  /** A file under {@code events/}, e.g. {@code ingest/apigw-v2-pageview.json}. */
  public static byte[] event(String relative) {
    try {
      return Files.readAllBytes(repoRoot().resolve("events").resolve(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * One event as a sender posts it; {@code i} varies the session and the page, so every event has
   * its own id. Every third is a cta click, every fifth a form submit, the rest page views: the
   * three types schemas/ knows.
   */
  public static ObjectNode senderEvent(UUID session, int i) {
    ObjectNode event = ExactJson.MAPPER.createObjectNode();
    event.put("session_id", session.toString());
    ObjectNode data = ExactJson.MAPPER.createObjectNode();
    data.put("host", "www.consumeraffairs.com");
    data.put("path", "/reviews/" + i);
    if (i % 5 == 4) {
      event.put("category", "form interaction").put("name", "submit");
      data.putObject("form").put("first_name", "John").put("last_name", "Doe");
    } else if (i % 3 == 2) {
      event.put("category", "page interaction").put("name", "cta click");
      data.put("element", "chat bubble");
    } else {
      event.put("category", "page interaction").put("name", "pageview");
    }
    event.set("data", data);
    event.put("timestamp", "2021-01-01 09:15:27.243860");
    return event;
  }

  /** A JSON body of {@code count} events: one object for 1, an array otherwise. */
  public static String body(int count, int firstIndex) {
    if (count == 1) {
      return EventCodec.write(senderEvent(UUID.randomUUID(), firstIndex));
    }
    ArrayNode array = ExactJson.MAPPER.createArrayNode();
    for (int i = 0; i < count; i++) {
      array.add(senderEvent(UUID.randomUUID(), firstIndex + i));
    }
    return EventCodec.write(array);
  }

  /**
   * An API Gateway HTTP API (payload 2.0) event carrying {@code body} from {@link #APPLICATION}.
   */
  public static byte[] apiGatewayEvent(String body) {
    ObjectNode event = ExactJson.MAPPER.createObjectNode();
    event.put("version", "2.0");
    event.put("routeKey", "POST /api/v1/events/");
    event.put("rawPath", "/api/v1/events/");
    event.put("rawQueryString", "");
    event
        .putObject("headers")
        .put("application", APPLICATION.toString())
        .put("content-type", "application/json");
    event.putObject("requestContext").putObject("http").put("method", "POST");
    event.put("body", body);
    event.put("isBase64Encoded", false);
    return EventCodec.write(event).getBytes(StandardCharsets.UTF_8);
  }

  /** An API Gateway HTTP API (payload 2.0) GET of {@code path} with these query parameters. */
  public static byte[] apiGatewayGet(String path, Map<String, String> parameters) {
    ObjectNode event = ExactJson.MAPPER.createObjectNode();
    event.put("version", "2.0");
    event.put("routeKey", "GET " + path);
    event.put("rawPath", path);
    event.put(
        "rawQueryString",
        parameters.entrySet().stream()
            .map(
                p ->
                    URLEncoder.encode(p.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&")));
    ObjectNode query = event.putObject("queryStringParameters");
    parameters.forEach(query::put);
    event.putObject("headers").put("host", "localhost");
    event.putObject("requestContext").putObject("http").put("method", "GET").put("path", path);
    event.put("isBase64Encoded", false);
    return EventCodec.write(event).getBytes(StandardCharsets.UTF_8);
  }
}

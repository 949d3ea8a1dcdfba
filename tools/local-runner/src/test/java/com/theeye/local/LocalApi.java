package com.theeye.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.theeye.event.ExactJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The local runner's HTTP API as a client uses it: POST events, GET every page. For a runner in
 * this JVM or, by its base URL, in one of its own.
 */
final class LocalApi {

  static final String EVENTS = "/api/v1/events/";
  static final String INVALID_EVENTS = "/api/v1/invalid-events/";

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final Duration ANSWER_WITHIN = Duration.ofSeconds(30);

  private final String baseUrl;
  private final String application;

  LocalApi(LocalEye eye, String application) {
    this(eye.baseUrl(), application);
  }

  LocalApi(String baseUrl, String application) {
    this.baseUrl = baseUrl;
    this.application = application;
  }

  /** {@code POST /api/v1/events/} with the application header: status and body. */
  HttpResponse<String> post(String body) {
    return send(
        HttpRequest.newBuilder(URI.create(baseUrl + EVENTS))
            .timeout(ANSWER_WITHIN)
            .header("application", application)
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build());
  }

  /** One page of a query; it must be answered 200. */
  JsonNode page(String path, Map<String, String> parameters) {
    HttpResponse<String> response = get(path, parameters);
    assertEquals(200, response.statusCode(), () -> path + parameters + ": " + response.body());
    return json(response.body());
  }

  /** One page of a query, or empty when it is not answered 200 (storage down, say). */
  Optional<JsonNode> pageIfAnswered(String path, Map<String, String> parameters) {
    HttpResponse<String> response = get(path, parameters);
    return response.statusCode() == 200 ? Optional.of(json(response.body())) : Optional.empty();
  }

  /** Every result of a query, following {@code next} to the end with {@code limit=1000}. */
  List<JsonNode> all(String path, Map<String, String> parameters) {
    return follow(parameters, page -> Optional.of(page(path, page)));
  }

  /** As {@link #all}, up to the first page not answered 200: for polling a recovering runner. */
  List<JsonNode> allWhileAnswered(String path, Map<String, String> parameters) {
    return follow(parameters, page -> pageIfAnswered(path, page));
  }

  private static List<JsonNode> follow(
      Map<String, String> parameters, Function<Map<String, String>, Optional<JsonNode>> pages) {
    List<JsonNode> results = new ArrayList<>();
    Map<String, String> page = new LinkedHashMap<>(parameters);
    page.put("limit", "1000");
    while (true) {
      Optional<JsonNode> body = pages.apply(page);
      if (body.isEmpty()) {
        return results;
      }
      body.get().path("results").forEach(results::add);
      if (body.get().path("next").isNull()) {
        return results;
      }
      page.put("cursor", body.get().path("next").asText());
    }
  }

  /** A GET of {@code path} with {@code parameters}, whatever it is answered. */
  HttpResponse<String> get(String path, Map<String, String> parameters) {
    return send(
        HttpRequest.newBuilder(URI.create(baseUrl + path + "?" + queryString(parameters)))
            .timeout(ANSWER_WITHIN)
            .GET()
            .build());
  }

  /** A DELETE of {@code path} with {@code parameters}, whatever it is answered. */
  HttpResponse<String> delete(String path, Map<String, String> parameters) {
    return send(
        HttpRequest.newBuilder(URI.create(baseUrl + path + "?" + queryString(parameters)))
            .timeout(ANSWER_WITHIN)
            .DELETE()
            .build());
  }

  static JsonNode json(String text) {
    try {
      return ExactJson.MAPPER.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // Spaces as %20, which every decoder reads as a space; URLEncoder's + is a space to form
  // decoders only.
  private static String queryString(Map<String, String> parameters) {
    return parameters.entrySet().stream()
        .map(p -> encode(p.getKey()) + "=" + encode(p.getValue()))
        .collect(Collectors.joining("&"));
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static HttpResponse<String> send(HttpRequest request) {
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

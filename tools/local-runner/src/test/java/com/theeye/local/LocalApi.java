package com.theeye.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.theeye.event.EventCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A running {@link LocalEye}'s HTTP API as a client uses it: POST events, GET every page. */
final class LocalApi {

  static final String EVENTS = "/api/v1/events/";
  static final String INVALID_EVENTS = "/api/v1/invalid-events/";

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final String baseUrl;
  private final String application;

  LocalApi(LocalEye eye, String application) {
    this.baseUrl = eye.baseUrl();
    this.application = application;
  }

  /** {@code POST /api/v1/events/} with the application header: status and body. */
  HttpResponse<String> post(String body) {
    return send(
        HttpRequest.newBuilder(URI.create(baseUrl + EVENTS))
            .header("application", application)
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build());
  }

  /** One page of a query; it must be answered 200. */
  JsonNode page(String path, Map<String, String> parameters) {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(URI.create(baseUrl + path + "?" + queryString(parameters)))
                .GET()
                .build());
    assertEquals(200, response.statusCode(), () -> path + parameters + ": " + response.body());
    return json(response.body());
  }

  /** Every result of a query, following {@code next} to the end with {@code limit=1000}. */
  List<JsonNode> all(String path, Map<String, String> parameters) {
    List<JsonNode> results = new ArrayList<>();
    Map<String, String> page = new LinkedHashMap<>(parameters);
    page.put("limit", "1000");
    while (true) {
      JsonNode body = page(path, page);
      body.path("results").forEach(results::add);
      if (body.path("next").isNull()) {
        return results;
      }
      page.put("cursor", body.path("next").asText());
    }
  }

  static JsonNode json(String text) {
    try {
      return EventCodec.JSON.readTree(text);
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

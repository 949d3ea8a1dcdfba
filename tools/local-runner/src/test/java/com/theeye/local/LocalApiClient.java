package com.theeye.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.theeye.event.EventCodec;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * The runner's HTTP API as a sender and the data team use it, for the tests of a runner in its own
 * JVM. Every event is timestamped 2026-01-01, so {@link #storedIds} finds all of them.
 */
final class LocalApiClient {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private LocalApiClient() {}

  /** POSTs one pageview of {@code session} for {@code path}. */
  static HttpResponse<String> postPageview(String baseUrl, UUID session, String path)
      throws IOException, InterruptedException {
    String body =
        "{\"session_id\": \""
            + session
            + "\", \"category\": \"page interaction\", \"name\": \"pageview\","
            + " \"data\": {\"host\": \"load.example\", \"path\": \""
            + path
            + "\"}, \"timestamp\": \"2026-01-01T00:00:00Z\"}";
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/events/"))
            .timeout(Duration.ofSeconds(30))
            .header("application", LocalSettings.SEED_APPLICATION.toString())
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The id a 202 names. */
  static String acceptedId(HttpResponse<String> accepted) throws IOException {
    return EventCodec.JSON.readTree(accepted.body()).get("id").asText();
  }

  /**
   * Every stored event's id, through the query API's time range query; empty while it answers 503.
   */
  static Set<String> storedIds(String baseUrl) throws IOException, InterruptedException {
    Set<String> ids = new HashSet<>();
    String cursor = null;
    for (int page = 0; page < 1000; page++) {
      String url =
          baseUrl
              + "/api/v1/events/?from=2025-12-31T00:00:00Z&to=2026-01-02T00:00:00Z&limit=1000"
              + (cursor == null
                  ? ""
                  : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        return ids;
      }
      JsonNode body = EventCodec.JSON.readTree(response.body());
      body.get("results").forEach(r -> ids.add(r.get("id").asText()));
      if (body.get("next").isNull()) {
        return ids;
      }
      cursor = body.get("next").asText();
    }
    return ids;
  }

  /** {@link #storedIds}, for polling. */
  static Set<String> storedIdsNow(String baseUrl) {
    try {
      return storedIds(baseUrl);
    } catch (IOException e) {
      return Set.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}

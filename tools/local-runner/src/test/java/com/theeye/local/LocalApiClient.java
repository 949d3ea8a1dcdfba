package com.theeye.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * What the tests of a runner in its own JVM send and count, through {@link LocalApi}: pageviews
 * from the seed application, all timestamped 2026-01-01, so {@link #storedIds} finds every one.
 */
final class LocalApiClient {

  private static final Map<String, String> THE_DAY =
      Map.of("from", "2025-12-31T00:00:00Z", "to", "2026-01-02T00:00:00Z");

  private LocalApiClient() {}

  /** POSTs one pageview of {@code session} for {@code path}. */
  static HttpResponse<String> postPageview(String baseUrl, UUID session, String path) {
    return api(baseUrl).post(pageview(session, path));
  }

  /** The body of one pageview of {@code session} for {@code path}. */
  static String pageview(UUID session, String path) {
    return "{\"session_id\": \""
        + session
        + "\", \"category\": \"page interaction\", \"name\": \"pageview\","
        + " \"data\": {\"host\": \"load.example\", \"path\": \""
        + path
        + "\"}, \"timestamp\": \"2026-01-01T00:00:00Z\"}";
  }

  /** POSTs {@code count} pageviews of one new session, each answered 202: their ids. */
  static Set<String> postAccepted(String baseUrl, String pathPrefix, int count) {
    Set<String> accepted = new HashSet<>();
    UUID session = UUID.randomUUID();
    for (int i = 0; i < count; i++) {
      HttpResponse<String> response = postPageview(baseUrl, session, pathPrefix + i);
      assertEquals(202, response.statusCode(), response::body);
      accepted.add(acceptedId(response));
    }
    return accepted;
  }

  /** The id a 202 names. */
  static String acceptedId(HttpResponse<String> accepted) {
    return LocalApi.json(accepted.body()).get("id").asText();
  }

  /**
   * Every stored event's id, through the query API's time range query; empty while it answers 503.
   */
  static Set<String> storedIds(String baseUrl) {
    return api(baseUrl).allWhileAnswered(LocalApi.EVENTS, THE_DAY).stream()
        .map(result -> result.get("id").asText())
        .collect(Collectors.toSet());
  }

  /** {@link #storedIds}, for polling: empty while the runner does not answer at all. */
  static Set<String> storedIdsNow(String baseUrl) {
    try {
      return storedIds(baseUrl);
    } catch (UncheckedIOException e) {
      return Set.of();
    }
  }

  private static LocalApi api(String baseUrl) {
    return new LocalApi(baseUrl, LocalSettings.SEED_APPLICATION.toString());
  }
}

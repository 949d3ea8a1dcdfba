package com.theeye.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.theeye.testsupport.Eventually;
import com.theeye.testsupport.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cursor of {@code /api/v1/recent/} outlives a restart of {@code make run}: what was stored
 * before and after is read from it, nothing is missed, and the answer says how reading resumed.
 */
class RecentArrivalsAcrossARestartTest {

  private static final String APPLICATION = LocalSettings.SEED_APPLICATION.toString();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path data;

  @Test
  void aCursorFromBeforeARestartReadsEverythingStoredSince() {
    UUID session = UUID.randomUUID();
    String cursor;
    String before;
    try (LocalEye eye = LocalEye.start(settings(), Fixtures.repoRoot())) {
      cursor = recent(eye, "wait=0").path("next").asText();
      before = post(eye, session, "before");
      Eventually.await(
          Duration.ofSeconds(30),
          () ->
              new LocalApi(eye, APPLICATION)
                  .page(LocalApi.EVENTS, Map.of("session_id", session.toString())),
          page -> page.path("results").size() == 1,
          "the first event stored");
    }

    try (LocalEye eye = LocalEye.start(settings(), Fixtures.repoRoot())) {
      String after = post(eye, session, "after");
      List<JsonNode> stored = new ArrayList<>();
      List<String> resumed = new ArrayList<>();
      String[] next = {cursor};
      Eventually.await(
          Duration.ofSeconds(30),
          () -> {
            JsonNode page =
                recent(
                    eye,
                    "wait=2&outcome=stored&session_id="
                        + session
                        + "&since="
                        + URLEncoder.encode(next[0], StandardCharsets.UTF_8));
            page.path("results").forEach(stored::add);
            if (page.path("resumed").isObject()) {
              resumed.add(page.path("resumed").path("reason").asText());
            }
            next[0] = page.path("next").asText();
            return stored.size();
          },
          size -> size >= 2,
          "both events read from the old cursor");

      assertEquals(
          List.of(before, after), stored.stream().map(a -> a.path("id").asText()).toList());
      assertTrue(resumed.contains("restart"), resumed::toString);
    }
  }

  private LocalSettings settings() {
    return TestRunners.settings(data);
  }

  private static String post(LocalEye eye, UUID session, String element) {
    HttpResponse<String> response =
        new LocalApi(eye, APPLICATION)
            .post(
                "{\"session_id\":\""
                    + session
                    + "\",\"category\":\"page interaction\",\"name\":\"cta click\",\"data\":{\"host\":\"a\",\"path\":\"/\",\"element\":\""
                    + element
                    + "\"},\"timestamp\":\"2021-01-01 09:15:27.243860\"}");
    assertEquals(202, response.statusCode(), response.body());
    return LocalApi.json(response.body()).path("id").asText();
  }

  private static JsonNode recent(LocalEye eye, String query) {
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(eye.baseUrl() + "/api/v1/recent/?" + query))
                  .timeout(Duration.ofSeconds(30))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, response.statusCode(), response.body());
      return LocalApi.json(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

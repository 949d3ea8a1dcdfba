package com.theeye.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.theeye.operator.InspectCli;
import com.theeye.testsupport.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code make inspect}: the inspector's files served locally and its reads forwarded to the API it
 * was given (here a local runner, so unsigned: a deployment's are signed as {@code make smoke}'s),
 * and nothing else forwarded.
 */
class InspectAgainstLocalRunnerTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path data;
  private static LocalEye eye;
  private static InspectCli inspector;

  @BeforeAll
  static void start() throws IOException {
    eye =
        LocalEye.start(
            new LocalSettings(
                "127.0.0.1",
                0,
                data,
                Optional.of(LocalSettings.SEED_APPLICATION),
                LocalSettings.QueueSettings.TEMPLATE_DEFAULTS,
                Duration.ofSeconds(20)),
            Fixtures.repoRoot());
    inspector = InspectCli.start(URI.create(eye.baseUrl()), 0, Fixtures.repoRoot(), Map.of());
  }

  @AfterAll
  static void stop() {
    if (inspector != null) {
      inspector.close();
    }
    if (eye != null) {
      eye.close();
    }
  }

  @Test
  void servesTheSamePageAsTheRunner() {
    HttpResponse<String> page = get("/inspect");
    HttpResponse<String> runners = send(URI.create(eye.baseUrl() + "/inspect"));

    assertEquals(200, page.statusCode());
    assertEquals(runners.body(), page.body());
    assertTrue(
        page.headers()
            .firstValue("content-security-policy")
            .orElse("")
            .startsWith("default-src 'self'"));
    assertEquals(200, get("/inspect/inspect.js").statusCode());
    assertEquals(200, get("/inspect/schemas/page-interaction/cta-click.json").statusCode());
  }

  @Test
  void forwardsTheRecentArrivalsReadsAsTheyAreAnswered() {
    HttpResponse<String> answer = get("/api/v1/recent/?wait=0&outcome=invalid");
    HttpResponse<String> refused = get("/api/v1/recent/?outcome=lost");

    assertEquals(200, answer.statusCode(), answer.body());
    assertTrue(answer.body().contains("\"next\""), answer.body());
    assertEquals(400, refused.statusCode());
    assertTrue(refused.body().contains("lost"), refused.body());
  }

  @Test
  void forwardsNothingElse() {
    assertEquals(
        404, get("/api/v1/events/?session_id=e2085be5-9137-4e4e-80b5-f1ffddc25423").statusCode());
    assertEquals(404, get("/docs").statusCode());
    assertEquals(404, get("/inspect/schemas/../pom.xml").statusCode());
  }

  private static HttpResponse<String> get(String pathAndQuery) {
    return send(URI.create("http://127.0.0.1:" + inspector.port() + pathAndQuery));
  }

  private static HttpResponse<String> send(URI uri) {
    try {
      return HTTP.send(
          HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

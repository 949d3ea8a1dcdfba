package com.theeye.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.theeye.testsupport.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The events/ingest samples are well-formed API Gateway requests for routes the template really
 * has.
 */
class SampleEventsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String APPLICATION = "0e302fce-66ad-4721-911e-0ab9d33697bf";
  private static final String SESSION = "e2085be5-9137-4e4e-80b5-f1ffddc25423";
  private static final Set<String> ROUTES = Set.of("/api/v1/events/", "/api/v1/events");

  static List<String> ingestSamples() {
    try (Stream<Path> files = Files.list(Fixtures.repoRoot().resolve("events/ingest"))) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(n -> n.endsWith(".json"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void everyTypeAndErrorCaseExistsInBothPayloadFormats() {
    for (String version : List.of("v1", "v2")) {
      for (String request :
          List.of(
              "pageview",
              "cta-click",
              "form-submit",
              "batch",
              "missing-fields",
              "missing-application-header")) {
        assertTrue(
            ingestSamples().contains("apigw-" + version + "-" + request + ".json"),
            version + " " + request);
      }
    }
  }

  @Test
  void readmeListsEverySample() {
    String readme = Fixtures.read("events/README.md");
    for (String sample : ingestSamples()) {
      assertTrue(readme.contains("`" + sample + "`"), sample + " is not in events/README.md");
    }
  }

  @ParameterizedTest
  @MethodSource("ingestSamples")
  void sampleIsAPostToATemplateRouteCarryingTheSeedSession(String sample) throws IOException {
    JsonNode event = JSON.readTree(Fixtures.read("events/ingest/" + sample));

    String path;
    JsonNode headers = event.get("headers");
    if (sample.startsWith("apigw-v2-")) {
      assertEquals("2.0", event.get("version").asText());
      assertEquals("POST", event.at("/requestContext/http/method").asText());
      path = event.get("rawPath").asText();
      // The route API Gateway matched: /api/v1/events/ is caught by the greedy route (no route path
      // ends in /, serverless-application-model #1949).
      assertEquals(
          path.endsWith("/") ? "POST /api/v1/{proxy+}" : "POST " + path,
          event.get("routeKey").asText());
    } else {
      assertEquals("POST", event.get("httpMethod").asText());
      path = event.get("path").asText();
    }
    assertTrue(ROUTES.contains(path), path);
    assertFalse(event.get("isBase64Encoded").asBoolean());
    assertEquals(
        !sample.contains("missing-application-header"),
        headers.has("application"),
        "application header");
    if (headers.has("application")) {
      assertEquals(APPLICATION, headers.get("application").asText());
    }

    JsonNode body = JSON.readTree(event.get("body").asText());
    for (JsonNode item : body.isArray() ? body : List.of(body)) {
      assertEquals(SESSION, item.get("session_id").asText());
      assertEquals("2021-01-01 09:15:27.243860", item.get("timestamp").asText());
      assertEquals(
          !sample.contains("missing-fields"),
          item.has("name") && item.has("data"),
          "name and data");
    }
  }
}

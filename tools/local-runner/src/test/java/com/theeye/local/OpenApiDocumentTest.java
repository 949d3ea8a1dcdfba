package com.theeye.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.theeye.event.ExactJson;
import com.theeye.testsupport.Eventually;
import com.theeye.testsupport.Fixtures;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.everit.json.schema.Schema;
import org.everit.json.schema.ValidationException;
import org.everit.json.schema.loader.SchemaLoader;
import org.json.JSONObject;
import org.json.JSONTokener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * docs/openapi.yaml says what the handlers do: every documented response example fits its schema,
 * and every {@code x-examples} request, sent over HTTP to the local runner (the real handlers on
 * the emulators), gets the documented status and a body that fits the documented schema. POSTs run
 * first, so the GETs read what they stored. In query examples {@code {now-1d}} and {@code {now+1d}}
 * stand for a day before and after the test runs (invalid events are found by when they arrived).
 */
class OpenApiDocumentTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final JsonNode DOCUMENT =
      ExactJson.MAPPER.valueToTree(new Yaml().load(Fixtures.read("docs/openapi.yaml")));

  @TempDir Path data;

  @Test
  void everyDocumentedResponseExampleFitsItsSchema() {
    int checked = 0;
    for (Operation operation : operations()) {
      for (var response : operation.body().path("responses").properties()) {
        JsonNode content = response.getValue().path("content").path("application/json");
        if (content.has("example")) {
          validate(
              content.path("schema"),
              content.path("example").toString(),
              operation + " " + response.getKey());
          checked++;
        }
      }
    }
    assertTrue(checked >= 10, "examples checked: " + checked);
  }

  @Test
  void everyDocumentedRequestGetsTheDocumentedStatusAndShape() throws Exception {
    List<Operation> operations = operations();
    assertEquals(
        List.of(
            "DELETE /api/v1/anonymous/{anonymous_id}",
            "DELETE /api/v1/sessions/{session_id}",
            "DELETE /api/v1/users/{user_id}",
            "GET /api/v1/deletions/{id}",
            "GET /api/v1/events/",
            "GET /api/v1/invalid-events/",
            "GET /api/v1/receipts/{receipt}",
            "GET /api/v1/recent/",
            "GET /api/v1/stats/",
            "POST /api/v1/events/",
            "POST /v1/batch",
            "POST /v1/{call}"),
        operations.stream().map(Operation::toString).sorted().toList());
    int sent = 0;
    try (LocalEye eye = LocalEye.start(settings(data), Fixtures.repoRoot())) {
      for (Operation operation : operations) {
        if (operation.method().equals("POST")) {
          sent += exercise(eye, operation);
        }
      }
      Eventually.await(
          Duration.ofSeconds(15),
          () -> get(eye, "/api/v1/events/?session_id=e2085be5-9137-4e4e-80b5-f1ffddc25423"),
          body -> body.contains("\"submit\""),
          "the POSTed examples stored");
      for (Operation operation : operations) {
        if (operation.method().equals("GET")) {
          sent += exercise(eye, operation);
        }
      }
      // Last: a deletion's examples delete what the ones above stored.
      for (Operation operation : operations) {
        if (operation.method().equals("DELETE")) {
          sent += exercise(eye, operation);
        }
      }
    }
    assertTrue(sent >= 15, "requests sent: " + sent);
  }

  private int exercise(LocalEye eye, Operation operation) throws Exception {
    JsonNode examples = operation.body().path("x-examples");
    assertFalse(examples.isEmpty(), operation + " has no x-examples");
    for (JsonNode example : examples) {
      String what = operation + " (" + example.path("summary").asText() + ")";
      // A path with a parameter ({call}) is sent to the path the example names.
      String path = example.has("path") ? example.path("path").asText() : operation.path();
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(eye.baseUrl() + path + query(example)));
      example
          .path("headers")
          .properties()
          .forEach(h -> request.header(h.getKey(), h.getValue().asText()));
      if (example.has("body")) {
        request.header("content-type", "application/json");
      }
      request.method(
          operation.method(),
          example.has("body")
              ? HttpRequest.BodyPublishers.ofString(example.path("body").asText())
              : HttpRequest.BodyPublishers.noBody());
      HttpResponse<String> response =
          HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());

      assertEquals(
          example.path("status").asInt(), response.statusCode(), what + ": " + response.body());
      JsonNode documented =
          resolved(
              operation.body().path("responses").path(Integer.toString(response.statusCode())));
      assertFalse(documented.isMissingNode(), what + ": status not documented");
      validate(
          documented.path("content").path("application/json").path("schema"),
          response.body(),
          what);
      if (response.statusCode() == 200 && example.path("summary").asText().contains("session")) {
        assertTrue(ExactJson.MAPPER.readTree(response.body()).path("results").size() > 0, what);
      }
    }
    return examples.size();
  }

  /** A response, or the shared one its {@code $ref} names in {@code components/responses}. */
  private static JsonNode resolved(JsonNode response) {
    String prefix = "#/components/responses/";
    String ref = response.path("$ref").asText("");
    return ref.startsWith(prefix)
        ? DOCUMENT.path("components").path("responses").path(ref.substring(prefix.length()))
        : response;
  }

  private static String query(JsonNode example) {
    if (!example.has("query")) {
      return "";
    }
    Instant now = Instant.now();
    return "?"
        + example.path("query").properties().stream()
            .map(
                p ->
                    p.getKey()
                        + "="
                        + URLEncoder.encode(
                            p.getValue()
                                .asText()
                                .replace("{now-1d}", now.minus(Duration.ofDays(1)).toString())
                                .replace("{now+1d}", now.plus(Duration.ofDays(1)).toString()),
                            StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
  }

  /** Validates {@code json} against an OpenAPI 3.1 schema, its refs resolved in components. */
  private static void validate(JsonNode schema, String json, String what) {
    assertFalse(schema.isMissingNode(), what + ": no schema");
    ObjectNode root = (ObjectNode) rewriteRefs(schema.deepCopy());
    root.set("definitions", rewriteRefs(DOCUMENT.path("components").path("schemas").deepCopy()));
    Schema loaded =
        SchemaLoader.builder()
            .schemaJson(new JSONObject(root.toString()))
            .draftV7Support()
            .build()
            .load()
            .build();
    try {
      loaded.validate(new JSONTokener(json).nextValue());
    } catch (ValidationException e) {
      throw new AssertionError(what + ": " + e.getAllMessages() + " in " + json, e);
    }
  }

  private static JsonNode rewriteRefs(JsonNode node) {
    String text = node.toString().replace("\"#/components/schemas/", "\"#/definitions/");
    try {
      return ExactJson.MAPPER.readTree(text);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static List<Operation> operations() {
    List<Operation> operations = new ArrayList<>();
    for (var path : DOCUMENT.path("paths").properties()) {
      for (var method : path.getValue().properties()) {
        operations.add(
            new Operation(
                method.getKey().toUpperCase(java.util.Locale.ROOT),
                path.getKey(),
                method.getValue()));
      }
    }
    return operations;
  }

  private static String get(LocalEye eye, String pathAndQuery) {
    try {
      return HTTP.send(
              HttpRequest.newBuilder(URI.create(eye.baseUrl() + pathAndQuery)).build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static LocalSettings settings(Path data) {
    return TestRunners.settings(data);
  }

  /** One documented method on one path. */
  private record Operation(String method, String path, JsonNode body) {
    @Override
    public String toString() {
      return method + " " + path;
    }
  }
}

package com.theeye.operator.smoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;
import java.util.UUID;

/** The Eye's HTTP API as the smoke check uses it: post events, run the data team's queries. */
final class EyeApi {

  /** One answer: its status and its body, parsed when it is JSON. */
  record Answer(int status, String body, JsonNode json) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

  private final URI base;
  private final RequestSigner signer;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /**
   * @param base the API's base URL (the stack's ApiUrl output, or make run's http://127.0.0.1:8000)
   * @param signer signs the GETs, or null for an unsigned API (loopback)
   */
  EyeApi(URI base, RequestSigner signer) {
    String text = base.toString();
    this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    this.signer = signer;
  }

  boolean signs() {
    return signer != null;
  }

  Answer postEvent(UUID application, String body) {
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve(base.getPath() + "/api/v1/events"))
            .timeout(CALL_TIMEOUT)
            .header("application", application.toString())
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return send(request);
  }

  /**
   * GET {@code path} with {@code query} (values URL-encoded here), signed when the API needs it.
   */
  Answer get(String path, Map<String, String> query) {
    StringJoiner parameters = new StringJoiner("&");
    query.forEach(
        (name, value) ->
            parameters.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8)));
    URI uri = URI.create(base + path + (query.isEmpty() ? "" : "?" + parameters));
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(CALL_TIMEOUT).GET();
    if (signer != null) {
      signer.signGet(uri, builder);
    }
    return send(builder.build());
  }

  private Answer send(HttpRequest request) {
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), response.body(), parse(response.body()));
    } catch (IOException e) {
      throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during " + request.uri(), e);
    }
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return null; // not JSON (an HTML error page, a proxy's answer): the step reports the body
    }
  }
}

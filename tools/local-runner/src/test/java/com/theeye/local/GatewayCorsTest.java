package com.theeye.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.theeye.testsupport.Fixtures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The local gateway answers browsers as API Gateway does with the template's CorsConfiguration:
 * preflights itself, the allow-origin header on actual answers, the integration's own CORS headers
 * ignored. A stub integration stands in for the functions, so no emulator is needed.
 */
class GatewayCorsTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String PAGE = "http://127.0.0.1:3000";

  /** Answers 202 and tries to set its own CORS header, which the gateway must drop. */
  private static final RequestStreamHandler INTEGRATION =
      (input, output, context) ->
          output.write(
              """
              {"statusCode": 202, "headers": {"content-type": "application/json",
               "access-control-allow-origin": "https://integration.example"}, "body": "{}"}"""
                  .getBytes(StandardCharsets.UTF_8));

  @Test
  void answersAPreflightItselfWithTheConfiguredHeaders() throws Exception {
    try (ApiGatewayBridge api = start(LocalSettings.CorsSettings.TEMPLATE_DEFAULTS)) {
      HttpResponse<String> preflight =
          send(api, "OPTIONS", b -> b.header("Origin", PAGE).header(requestMethod(), "POST"));

      assertEquals(204, preflight.statusCode());
      HttpHeaders headers = preflight.headers();
      assertEquals(Optional.of("*"), headers.firstValue("access-control-allow-origin"));
      assertEquals(
          Optional.of("GET,POST,OPTIONS"), headers.firstValue("access-control-allow-methods"));
      assertEquals(
          Optional.of("application,content-type,authorization,x-retry-count"),
          headers.firstValue("access-control-allow-headers"));
      assertEquals(Optional.of("600"), headers.firstValue("access-control-max-age"));
      assertEquals("", preflight.body());
    }
  }

  @Test
  void addsTheAllowOriginHeaderToActualAnswersInPlaceOfTheIntegrations() throws Exception {
    try (ApiGatewayBridge api = start(LocalSettings.CorsSettings.TEMPLATE_DEFAULTS)) {
      HttpResponse<String> post = send(api, "POST", b -> b.header("Origin", PAGE));

      assertEquals(202, post.statusCode());
      assertEquals(
          List.of("*"),
          post.headers().allValues("access-control-allow-origin"),
          "not the lambda's");
      assertEquals(
          Optional.of("retry-after"), post.headers().firstValue("access-control-expose-headers"));
    }
  }

  @Test
  void sendsNoCorsHeadersWithoutAnOrigin() throws Exception {
    try (ApiGatewayBridge api = start(LocalSettings.CorsSettings.TEMPLATE_DEFAULTS)) {
      HttpResponse<String> post = send(api, "POST", UnaryOperator.identity());

      assertEquals(202, post.statusCode());
      assertFalse(post.headers().firstValue("access-control-allow-origin").isPresent());
    }
  }

  @Test
  void echoesAListedOriginWithVaryAndAnswersOthersWithoutCorsHeaders() throws Exception {
    LocalSettings.CorsSettings listed =
        LocalSettings.CorsSettings.TEMPLATE_DEFAULTS.withAllowOrigins(
            PAGE + ", https://shop.example");
    try (ApiGatewayBridge api = start(listed)) {
      HttpResponse<String> allowed =
          send(api, "OPTIONS", b -> b.header("Origin", PAGE).header(requestMethod(), "POST"));
      HttpResponse<String> other =
          send(
              api,
              "OPTIONS",
              b -> b.header("Origin", "https://other.example").header(requestMethod(), "POST"));
      HttpResponse<String> otherPost =
          send(api, "POST", b -> b.header("Origin", "https://other.example"));

      assertEquals(Optional.of(PAGE), allowed.headers().firstValue("access-control-allow-origin"));
      assertEquals(Optional.of("Origin"), allowed.headers().firstValue("vary"));
      assertEquals(204, other.statusCode());
      assertTrue(
          other.headers().map().keySet().stream().noneMatch(h -> h.startsWith("access-control-")),
          other.headers()::toString);
      assertEquals(202, otherPost.statusCode(), "the gateway does not refuse; the browser does");
      assertFalse(otherPost.headers().firstValue("access-control-allow-origin").isPresent());
    }
  }

  @Test
  void anOptionsRequestThatIsNotAPreflightFindsNoRoute() throws Exception {
    try (ApiGatewayBridge api = start(LocalSettings.CorsSettings.TEMPLATE_DEFAULTS)) {
      assertEquals(404, send(api, "OPTIONS", b -> b.header("Origin", PAGE)).statusCode());
    }
  }

  private static String requestMethod() {
    return "Access-Control-Request-Method";
  }

  private static ApiGatewayBridge start(LocalSettings.CorsSettings cors) throws Exception {
    return ApiGatewayBridge.start(
        "127.0.0.1",
        0,
        LocalFunctions.routes(INTEGRATION, INTEGRATION),
        new ApiDocs(Fixtures.repoRoot()),
        new GatewayCors(cors),
        System.out::println);
  }

  private static HttpResponse<String> send(
      ApiGatewayBridge api, String method, UnaryOperator<HttpRequest.Builder> headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/api/v1/events/"))
            .method(
                method,
                method.equals("POST")
                    ? HttpRequest.BodyPublishers.ofString("{}")
                    : HttpRequest.BodyPublishers.noBody());
    return HTTP.send(headers.apply(request).build(), HttpResponse.BodyHandlers.ofString());
  }
}

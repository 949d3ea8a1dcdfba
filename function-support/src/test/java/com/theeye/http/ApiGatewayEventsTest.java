package com.theeye.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiGatewayEventsTest {

  @Test
  void readsPayload2QueryParameters() throws IOException {
    HttpRequest request =
        decode(
            """
            {"version": "2.0", "rawPath": "/api/v1/events/",
             "rawQueryString": "category=page%20interaction&from=2021-01-01",
             "queryStringParameters": {"category": "page interaction", "from": "2021-01-01"},
             "requestContext": {"http": {"method": "get"}}}
            """);

    assertEquals("GET", request.method());
    assertEquals(Map.of("category", "page interaction", "from", "2021-01-01"), request.query());
  }

  @Test
  void parsesTheRawQueryStringWhenParametersAreAbsent() throws IOException {
    HttpRequest request =
        decode(
            """
            {"version": "2.0", "rawPath": "/api/v1/events",
             "rawQueryString": "name=cta+click&from=2021-01-01T00%3A00%3A00Z&name=x",
             "requestContext": {"http": {"method": "GET"}}}
            """);

    assertEquals(Map.of("name", "cta click,x", "from", "2021-01-01T00:00:00Z"), request.query());
  }

  @Test
  void readsPayload1QueryParametersJoiningRepeatedOnes() throws IOException {
    HttpRequest request =
        decode(
            """
            {"httpMethod": "GET", "path": "/api/v1/events/",
             "queryStringParameters": {"limit": "5", "name": "b"},
             "multiValueQueryStringParameters": {"limit": ["5"], "name": ["a", "b"]}}
            """);

    assertEquals(Map.of("limit", "5", "name", "a,b"), request.query());
  }

  @Test
  void anEventWithoutQueryHasNoParameters() throws IOException {
    HttpRequest request =
        decode(
            """
            {"httpMethod": "POST", "path": "/api/v1/events/", "queryStringParameters": null,
             "body": "{}"}
            """);

    assertEquals(Map.of(), request.query());
  }

  @Test
  void aRequestWrittenAsAnEventIsReadBackUnchanged() throws IOException {
    HttpRequest request =
        new HttpRequest(
            "POST",
            "/api/v1/events/",
            Map.of("application", "0e302fce-66ad-4721-911e-0ab9d33697bf"),
            Map.of("limit", "5", "name", "a,b"),
            "{\"name\": \"pageview \u00e9\"}".getBytes(StandardCharsets.UTF_8));

    HttpRequest read =
        ApiGatewayEvents.decode(new ByteArrayInputStream(ApiGatewayEvents.event(request)));

    assertEquals(request.method(), read.method());
    assertEquals(request.path(), read.path());
    assertEquals(request.headers(), read.headers());
    assertEquals(request.query(), read.query());
    assertArrayEquals(request.body(), read.body());
  }

  private static HttpRequest decode(String event) throws IOException {
    return ApiGatewayEvents.decode(
        new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)));
  }
}

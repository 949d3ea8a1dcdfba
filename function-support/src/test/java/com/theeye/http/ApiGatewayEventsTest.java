package com.theeye.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
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
  void readsTheCallerFromPayload2sRequestContext() throws IOException {
    HttpRequest request =
        decode(
            """
            {"version": "2.0", "rawPath": "/api/v1/events/",
             "headers": {"user-agent": "from the header"},
             "requestContext": {"http": {"method": "POST", "sourceIp": "198.51.100.23",
                                         "userAgent": "Mozilla/5.0 (X11; Linux x86_64)"}}}
            """);

    assertEquals(Optional.of("198.51.100.23"), request.sourceIp());
    assertEquals(Optional.of("Mozilla/5.0 (X11; Linux x86_64)"), request.userAgent());
  }

  @Test
  void readsTheCallerFromPayload1sRequestIdentity() throws IOException {
    HttpRequest request =
        decode(
            """
            {"httpMethod": "POST", "path": "/api/v1/events/",
             "requestContext": {"identity": {"sourceIp": "2001:db8:1234:5678::1",
                                             "userAgent": "curl/8.5.0"}}}
            """);

    assertEquals(Optional.of("2001:db8:1234:5678::1"), request.sourceIp());
    assertEquals(Optional.of("curl/8.5.0"), request.userAgent());
  }

  @Test
  void readsTheIamCallerOfASignedRequestFromPayload2sAuthorizer() throws IOException {
    HttpRequest request =
        decode(
            """
            {"version": "2.0", "rawPath": "/api/v1/users/42",
             "requestContext": {"http": {"method": "DELETE"},
               "authorizer": {"iam": {"accessKey": "AKIAEXAMPLE", "accountId": "111122223333",
                 "callerId": "AIDAEXAMPLE", "cognitoIdentity": null, "principalOrgId": null,
                 "userArn": "arn:aws:iam::111122223333:user/data-team", "userId": "AIDAEXAMPLE"}}}}
            """);

    assertEquals(Optional.of("arn:aws:iam::111122223333:user/data-team"), request.callerArn());
  }

  @Test
  void readsTheIamCallerFromPayload1sRequestIdentity() throws IOException {
    HttpRequest request =
        decode(
            """
            {"httpMethod": "DELETE", "path": "/api/v1/users/42",
             "requestContext": {"identity": {"userArn": "arn:aws:sts::111122223333:assumed-role/ops/jo"}}}
            """);

    assertEquals(Optional.of("arn:aws:sts::111122223333:assumed-role/ops/jo"), request.callerArn());
  }

  @Test
  void anUnsignedRequestHasNoIamCaller() throws IOException {
    HttpRequest request =
        decode(
            """
            {"version": "2.0", "rawPath": "/api/v1/users/42",
             "requestContext": {"http": {"method": "DELETE", "sourceIp": "127.0.0.1"}}}
            """);

    assertEquals(Optional.empty(), request.callerArn());
  }

  @Test
  void withoutARequestContextTheUserAgentHeaderIsUsedAndNoAddressIsKnown() throws IOException {
    HttpRequest request =
        decode(
            """
            {"version": "2.0", "rawPath": "/api/v1/events/",
             "headers": {"User-Agent": "the-eye-java/1"},
             "requestContext": {"http": {"method": "POST", "sourceIp": ""}}}
            """);

    assertEquals(Optional.empty(), request.sourceIp());
    assertEquals(Optional.of("the-eye-java/1"), request.userAgent());
  }

  @Test
  void keepsABase64BodysBytesAsSent() throws IOException {
    byte[] gzipMagic = {(byte) 0x1f, (byte) 0x8b, 8, 0, (byte) 0xff};
    HttpRequest request =
        decode(
            "{\"version\": \"2.0\", \"rawPath\": \"/\", \"isBase64Encoded\": true, \"body\": \""
                + Base64.getEncoder().encodeToString(gzipMagic)
                + "\", \"requestContext\": {\"http\": {\"method\": \"POST\"}}}");

    assertArrayEquals(gzipMagic, request.body());
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

  @Test
  void aSignedRequestWrittenAsAnEventKeepsItsCaller() throws IOException {
    HttpRequest request =
        new HttpRequest(
            "DELETE",
            "/api/v1/users/42",
            Map.of(),
            Map.of("application", "0e302fce-66ad-4721-911e-0ab9d33697bf"),
            new byte[0],
            Optional.empty(),
            Optional.empty(),
            Optional.of("arn:aws:iam::111122223333:user/data-team"));

    HttpRequest read =
        ApiGatewayEvents.decode(new ByteArrayInputStream(ApiGatewayEvents.event(request)));

    assertEquals(request.callerArn(), read.callerArn());
  }

  private static HttpRequest decode(String event) throws IOException {
    return ApiGatewayEvents.decode(
        new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)));
  }
}

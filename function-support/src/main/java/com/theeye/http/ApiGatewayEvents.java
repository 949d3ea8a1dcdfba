package com.theeye.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.theeye.event.EventCodec;
import com.theeye.event.ExactJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads API Gateway proxy events and writes proxy responses. Both payload formats are read: HTTP
 * API 2.0 (the template's) and REST API 1.0, told apart by 2.0's {@code version} field. The
 * response shape is the same for both. Shared by every function behind the HTTP API.
 */
public final class ApiGatewayEvents {

  private ApiGatewayEvents() {}

  public static HttpRequest decode(InputStream input) throws IOException {
    JsonNode event = ExactJson.MAPPER.readTree(input);
    if (event == null || !event.isObject()) {
      throw new IllegalArgumentException("not an API Gateway proxy event");
    }
    boolean v2 = "2.0".equals(event.path("version").asText());
    String method =
        v2
            ? event.path("requestContext").path("http").path("method").asText("")
            : event.path("httpMethod").asText("");
    String path = v2 ? event.path("rawPath").asText("") : event.path("path").asText("");
    // 2.0 keeps the caller under requestContext.http, 1.0 under requestContext.identity.
    JsonNode caller = event.path("requestContext").path(v2 ? "http" : "identity");
    Map<String, String> headers = headers(event, v2);
    return new HttpRequest(
        method.toUpperCase(Locale.ROOT),
        path,
        headers,
        query(event),
        body(event),
        text(caller, "sourceIp"),
        text(caller, "userAgent").or(() -> Optional.ofNullable(headers.get("user-agent"))),
        text(iamCaller(event, v2), "userArn"));
  }

  /**
   * Where a route with IAM authorization names the identity that signed the request: 2.0 under
   * {@code requestContext.authorizer.iam} (AWS's typed event for it, aws-lambda-java-events' {@code
   * APIGatewayV2HTTPEvent.RequestContext.Authorizer.IAM}, has {@code userArn} there; see
   * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-access-control-iam.html),
   * 1.0 under {@code requestContext.identity}. A route without it carries no such object.
   */
  private static JsonNode iamCaller(JsonNode event, boolean v2) {
    JsonNode context = event.path("requestContext");
    return v2 ? context.path("authorizer").path("iam") : context.path("identity");
  }

  private static Optional<String> text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isTextual() ? Optional.of(value.textValue()) : Optional.empty();
  }

  public static void encode(HttpResponse response, OutputStream output) throws IOException {
    ObjectNode encoded = ExactJson.MAPPER.createObjectNode();
    encoded.put("statusCode", response.status());
    ObjectNode headers = encoded.putObject("headers");
    headers.put("content-type", "application/json");
    response.headers().forEach(headers::put);
    encoded.put("body", EventCodec.write(response.body()));
    encoded.put("isBase64Encoded", false);
    ExactJson.MAPPER.writeValue(output, encoded);
  }

  /**
   * The payload 2.0 event API Gateway would send for {@code request}, which {@link #decode} reads
   * back as the same request; the body goes as UTF-8 text. For SnapStart priming, so its requests
   * take the path of real ones from the first byte.
   */
  static byte[] event(HttpRequest request) {
    ObjectNode event = ExactJson.MAPPER.createObjectNode();
    event.put("version", "2.0");
    event.put("rawPath", request.path());
    ObjectNode headers = event.putObject("headers");
    request.headers().forEach(headers::put);
    ObjectNode query = event.putObject("queryStringParameters");
    request.query().forEach(query::put);
    ObjectNode context = event.putObject("requestContext");
    ObjectNode http = context.putObject("http");
    http.put("method", request.method());
    request
        .callerArn()
        .ifPresent(arn -> context.putObject("authorizer").putObject("iam").put("userArn", arn));
    request.sourceIp().ifPresent(sourceIp -> http.put("sourceIp", sourceIp));
    request.userAgent().ifPresent(userAgent -> http.put("userAgent", userAgent));
    event.put("body", new String(request.body(), StandardCharsets.UTF_8));
    event.put("isBase64Encoded", false);
    return EventCodec.write(event).getBytes(StandardCharsets.UTF_8);
  }

  private static Map<String, String> headers(JsonNode event, boolean v2) {
    Map<String, String> headers = new HashMap<>();
    if (!v2) {
      // 1.0 repeats single-valued headers in multiValueHeaders; join as 2.0 does.
      for (Iterator<Map.Entry<String, JsonNode>> it = event.path("multiValueHeaders").fields();
          it.hasNext(); ) {
        Map.Entry<String, JsonNode> header = it.next();
        StringBuilder joined = new StringBuilder();
        for (JsonNode value : header.getValue()) {
          joined.append(joined.isEmpty() ? "" : ",").append(value.asText());
        }
        headers.put(header.getKey().toLowerCase(Locale.ROOT), joined.toString());
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = event.path("headers").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> header = it.next();
      headers.putIfAbsent(header.getKey().toLowerCase(Locale.ROOT), header.getValue().asText());
    }
    return headers;
  }

  /**
   * Payload 2.0 joins a repeated parameter's values with commas in {@code queryStringParameters};
   * 1.0 keeps the last in {@code queryStringParameters} and all in {@code
   * multiValueQueryStringParameters}, joined here the 2.0 way. Without either, {@code
   * rawQueryString} is parsed.
   */
  private static Map<String, String> query(JsonNode event) {
    Map<String, String> query = new LinkedHashMap<>();
    JsonNode multi = event.path("multiValueQueryStringParameters");
    for (Iterator<Map.Entry<String, JsonNode>> it = multi.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> parameter = it.next();
      StringBuilder joined = new StringBuilder();
      for (JsonNode value : parameter.getValue()) {
        joined.append(joined.isEmpty() ? "" : ",").append(value.asText());
      }
      query.put(parameter.getKey(), joined.toString());
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = event.path("queryStringParameters").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> parameter = it.next();
      query.putIfAbsent(parameter.getKey(), parameter.getValue().asText());
    }
    String raw = event.path("rawQueryString").asText("");
    if (query.isEmpty() && !raw.isEmpty()) {
      for (String pair : raw.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        String[] parts = pair.split("=", 2);
        String name = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
        String value = parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "";
        query.merge(name, value, (first, second) -> first + "," + second);
      }
    }
    return query;
  }

  private static byte[] body(JsonNode event) {
    JsonNode body = event.get("body");
    if (body == null || body.isNull()) {
      return new byte[0];
    }
    if (event.path("isBase64Encoded").asBoolean(false)) {
      return Base64.getDecoder().decode(body.asText());
    }
    return body.asText().getBytes(StandardCharsets.UTF_8);
  }
}

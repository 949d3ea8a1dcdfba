package com.theeye.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.theeye.event.ExactJson;
import java.util.Map;

/** Builds API Gateway proxy events as AWS sends them, in both payload formats. */
final class ApiGatewayRequests {

  private ApiGatewayRequests() {}

  /** HTTP API, payload format 2.0: lower-case headers, method under requestContext.http. */
  static String v2(String method, String path, Map<String, String> headers, String body) {
    ObjectNode event = ExactJson.MAPPER.createObjectNode();
    event.put("version", "2.0");
    event.put("routeKey", "$default");
    event.put("rawPath", path);
    event.put("rawQueryString", "");
    ObjectNode headerNode = event.putObject("headers");
    headers.forEach(
        (name, value) -> headerNode.put(name.toLowerCase(java.util.Locale.ROOT), value));
    ObjectNode http = event.putObject("requestContext").putObject("http");
    http.put("method", method);
    http.put("path", path);
    http.put("sourceIp", "203.0.113.7");
    if (body != null) {
      event.put("body", body);
    }
    event.put("isBase64Encoded", false);
    return event.toString();
  }

  /**
   * A 2.0 event for a URL with a query string: AWS sends it raw and as decoded parameters (one
   * value per name here).
   */
  static String v2WithQuery(
      String path, Map<String, String> query, Map<String, String> headers, String body) {
    ObjectNode event = (ObjectNode) parse(v2("POST", path, headers, body));
    ObjectNode parameters = event.putObject("queryStringParameters");
    StringBuilder raw = new StringBuilder();
    query.forEach(
        (name, value) -> {
          parameters.put(name, value);
          raw.append(raw.isEmpty() ? "" : "&")
              .append(name)
              .append('=')
              .append(java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8));
        });
    event.put("rawQueryString", raw.toString());
    return event.toString();
  }

  /**
   * REST API, payload format 1.0: headers keep the sender's case and repeat in multiValueHeaders.
   */
  static String v1(String method, String path, Map<String, String> headers, String body) {
    ObjectNode event = ExactJson.MAPPER.createObjectNode();
    event.put("resource", "/api/v1/events");
    event.put("path", path);
    event.put("httpMethod", method);
    ObjectNode headerNode = event.putObject("headers");
    ObjectNode multi = event.putObject("multiValueHeaders");
    headers.forEach(
        (name, value) -> {
          headerNode.put(name, value);
          multi.putArray(name).add(value);
        });
    event.putObject("requestContext").put("httpMethod", method).put("stage", "prod");
    event.put("body", body);
    event.put("isBase64Encoded", false);
    return event.toString();
  }

  /** A 2.0 event whose body arrives base64-encoded, as API Gateway sends binary media types. */
  static String v2Base64(String path, Map<String, String> headers, String body) {
    ObjectNode event = (ObjectNode) parse(v2("POST", path, headers, null));
    event.put(
        "body",
        java.util.Base64.getEncoder()
            .encodeToString(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    event.put("isBase64Encoded", true);
    return event.toString();
  }

  static JsonNode parse(String json) {
    try {
      return ExactJson.MAPPER.readTree(json);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + json, e);
    }
  }
}

package com.theeye.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.theeye.event.EventCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * Reads API Gateway proxy events and writes proxy responses. Both payload formats are read: HTTP
 * API 2.0 (the template's) and REST API 1.0, told apart by 2.0's {@code version} field. The
 * response shape is the same for both.
 */
final class ApiGatewayEvents {

  private ApiGatewayEvents() {}

  static HttpRequest decode(InputStream input) throws IOException {
    JsonNode event = EventCodec.JSON.readTree(input);
    if (event == null || !event.isObject()) {
      throw new IllegalArgumentException("not an API Gateway proxy event");
    }
    boolean v2 = "2.0".equals(event.path("version").asText());
    String method =
        v2
            ? event.path("requestContext").path("http").path("method").asText("")
            : event.path("httpMethod").asText("");
    String path = v2 ? event.path("rawPath").asText("") : event.path("path").asText("");
    return new HttpRequest(method.toUpperCase(Locale.ROOT), path, headers(event, v2), body(event));
  }

  static void encode(HttpResponse response, OutputStream output) throws IOException {
    ObjectNode encoded = EventCodec.JSON.createObjectNode();
    encoded.put("statusCode", response.status());
    ObjectNode headers = encoded.putObject("headers");
    headers.put("content-type", "application/json");
    response.headers().forEach(headers::put);
    encoded.put("body", EventCodec.write(response.body()));
    encoded.put("isBase64Encoded", false);
    EventCodec.JSON.writeValue(output, encoded);
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

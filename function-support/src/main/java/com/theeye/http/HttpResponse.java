package com.theeye.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.theeye.event.ExactJson;
import java.util.HashMap;
import java.util.Map;

/** A JSON response: status, extra headers and body. */
public record HttpResponse(int status, Map<String, String> headers, JsonNode body) {

  public HttpResponse {
    headers = Map.copyOf(headers);
  }

  public static HttpResponse json(int status, JsonNode body) {
    return new HttpResponse(status, Map.of(), body);
  }

  /** DRF's shape for errors that concern the request as a whole: {@code {"detail": "..."}}. */
  public static HttpResponse detail(int status, String message) {
    ObjectNode body = ExactJson.MAPPER.createObjectNode().put("detail", message);
    return json(status, body);
  }

  /** DRF's shape for one bad field: {@code {"field": ["message"]}}. */
  public static HttpResponse fieldError(int status, String field, String message) {
    ObjectNode body = ExactJson.MAPPER.createObjectNode();
    body.putArray(field).add(message);
    return json(status, body);
  }

  public HttpResponse withHeader(String name, String value) {
    Map<String, String> merged = new HashMap<>(headers);
    merged.put(name, value);
    return new HttpResponse(status, merged, body);
  }
}

package com.theeye.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.theeye.event.EventCodec;
import java.util.Map;

/** A JSON response: status, extra headers and body. */
public record HttpResponse(int status, Map<String, String> headers, JsonNode body) {

  public HttpResponse {
    headers = Map.copyOf(headers);
  }

  static HttpResponse json(int status, JsonNode body) {
    return new HttpResponse(status, Map.of(), body);
  }

  /** DRF's shape for errors that concern the request as a whole: {@code {"detail": "..."}}. */
  static HttpResponse detail(int status, String message) {
    ObjectNode body = EventCodec.JSON.createObjectNode().put("detail", message);
    return json(status, body);
  }

  HttpResponse withHeader(String name, String value) {
    var merged = new java.util.HashMap<>(headers);
    merged.put(name, value);
    return new HttpResponse(status, merged, body);
  }
}

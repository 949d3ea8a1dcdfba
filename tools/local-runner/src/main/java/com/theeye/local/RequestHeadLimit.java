package com.theeye.local;

import com.theeye.event.EventCodec;
import com.theeye.event.ExactJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * API Gateway's quota on a request's head, "total combined size of request line and header values:
 * 10240 bytes" (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html),
 * and the answer a request over it gets locally: 414 URI Too Long (RFC 9110 section 15.5.15) when
 * the request line alone is too long, else 431 Request Header Fields Too Large (RFC 6585 section
 * 5).
 *
 * <p>Header names are counted with their values, so that what the runner accepts the deployment
 * does too, whatever AWS means by a header's value. AWS documents the quota, not the status its
 * gateway answers; the body has the gateway's shape, {@code {"message": ...}}.
 */
final class RequestHeadLimit {

  static final int API_GATEWAY_BYTES = 10240;

  /** The status and JSON body a request over the limit gets. */
  record Refusal(int status, String message) {
    byte[] body() {
      return EventCodec.write(ExactJson.MAPPER.createObjectNode().put("message", message))
          .getBytes(StandardCharsets.UTF_8);
    }
  }

  private RequestHeadLimit() {}

  /**
   * @param requestLine the request line as sent, e.g. {@code GET /api/v1/events HTTP/1.1}
   * @param headers each header's name and values, as the JDK's server parsed them (one byte of the
   *     request a character)
   * @param limit the most bytes the request line and the headers may take together
   */
  static Optional<Refusal> check(String requestLine, Map<String, List<String>> headers, int limit) {
    long size = requestLine.length();
    if (size > limit) {
      return Optional.of(
          new Refusal(
              414,
              "URI Too Long: the request line is longer than "
                  + limit
                  + " bytes, the most the request line and headers may take together."));
    }
    for (Map.Entry<String, List<String>> header : headers.entrySet()) {
      for (String value : header.getValue()) {
        size += header.getKey().length() + value.length();
      }
    }
    if (size > limit) {
      return Optional.of(
          new Refusal(
              431,
              "Request Header Fields Too Large: the request line and headers may take at most "
                  + limit
                  + " bytes together."));
    }
    return Optional.empty();
  }
}

package com.theeye.http;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An HTTP request as a function's service sees it, whichever API Gateway payload format carried it.
 *
 * @param method upper-case HTTP method
 * @param path the request path, possibly with a stage prefix
 * @param headers header names in lower case (HTTP names are case-insensitive)
 * @param query query string parameters, decoded; a repeated name's values joined by commas, as
 *     payload 2.0 does
 * @param body the decoded body, empty when there was none
 * @param sourceIp the client's address as API Gateway saw it (its request context), when given
 * @param userAgent the client's user agent as API Gateway saw it, when given
 * @param callerArn the IAM identity that signed the request, when API Gateway checked an IAM
 *     (SigV4) signature: its request context's {@code authorizer.iam.userArn} (payload 2.0) or
 *     {@code identity.userArn} (1.0); empty on a route without IAM authorization, and locally
 */
public record HttpRequest(
    String method,
    String path,
    Map<String, String> headers,
    Map<String, String> query,
    byte[] body,
    Optional<String> sourceIp,
    Optional<String> userAgent,
    Optional<String> callerArn) {

  public HttpRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    headers = Map.copyOf(headers);
    query = Map.copyOf(query);
    Objects.requireNonNull(body, "body");
    sourceIp = sourceIp.filter(text -> !text.isBlank());
    userAgent = userAgent.filter(text -> !text.isBlank());
    callerArn = callerArn.filter(text -> !text.isBlank());
  }

  /** A request without a request context: no source address, no user agent, no IAM caller. */
  public HttpRequest(
      String method,
      String path,
      Map<String, String> headers,
      Map<String, String> query,
      byte[] body) {
    this(method, path, headers, query, body, Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** The header's value; {@code name} must be lower case. */
  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name));
  }

  /** The query parameter's value (the ingest reads {@code application} from it, for browsers). */
  public Optional<String> parameter(String name) {
    return Optional.ofNullable(query.get(name));
  }
}

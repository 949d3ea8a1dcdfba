package com.theeye.http;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The API's paths and the methods each one serves, as template.yaml routes them: {@code POST
 * /api/v1/events} to the ingest function, {@code GET} on each to the query function.
 *
 * <p>Any other method on them gets 405 with an {@code Allow} header naming these methods (RFC 9110
 * section 15.5.6), whichever function the template routes it to; OPTIONS is not listed because no
 * route serves it: API Gateway answers CORS preflights itself.
 */
public enum ApiResource {
  EVENTS("/api/v1/events", "GET", "POST"),
  INVALID_EVENTS("/api/v1/invalid-events", "GET"),
  /** The accounting per application and minute ({@code com.theeye.query.StatsService}). */
  STATS("/api/v1/stats", "GET"),
  /** Arrivals and their outcomes as they happen, for the inspector and client apps' tests. */
  RECENT("/api/v1/recent", "GET");

  private final String path;
  private final List<String> methods;

  ApiResource(String path, String... methods) {
    this.path = path;
    this.methods = List.of(methods);
  }

  /**
   * The resource a request path names: its path exactly, the trailing slash optional. Nothing
   * before it: the stack's {@code $default} stage puts no stage name in the path, and the greedy
   * routes bring any path below {@code /api/v1/} here, {@code /api/v1/events/api/v1/events} too.
   */
  public static Optional<ApiResource> of(String requestPath) {
    return Arrays.stream(values())
        .filter(r -> requestPath.equals(r.path) || requestPath.equals(r.path + "/"))
        .findFirst();
  }

  /** The path without a trailing slash, e.g. {@code /api/v1/events}. */
  public String path() {
    return path;
  }

  /** The methods some route serves on this path, upper case. */
  public List<String> methods() {
    return methods;
  }

  /** The {@code Allow} header's value, e.g. {@code GET, POST}. */
  public String allow() {
    return String.join(", ", methods);
  }

  /** DRF's 405 for {@code method}, with the {@code Allow} header. */
  public HttpResponse methodNotAllowed(String method) {
    return HttpResponse.detail(405, "Method \"" + method + "\" not allowed.")
        .withHeader("allow", allow());
  }
}

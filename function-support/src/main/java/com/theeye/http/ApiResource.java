package com.theeye.http;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The API's paths and the methods each one serves, as template.yaml routes them: {@code POST
 * /api/v1/events} to the ingest function, {@code GET} on each collection to the query function, and
 * the deletions' {@code DELETE} and {@code GET} to the query function too.
 *
 * <p>A collection's path is matched exactly, its trailing slash optional. An item's ({@link #item})
 * is its prefix, a slash and the item's id: everything after that slash, as API Gateway delivers it
 * ({@link #id}).
 *
 * <p>Any other method on them gets 405 with an {@code Allow} header naming these methods (RFC 9110
 * section 15.5.6), whichever function the template routes it to; OPTIONS is not listed because no
 * route serves it: API Gateway answers CORS preflights itself.
 */
public enum ApiResource {
  EVENTS("/api/v1/events", false, "GET", "POST"),
  INVALID_EVENTS("/api/v1/invalid-events", false, "GET"),
  /** The accounting per application and minute ({@code com.theeye.query.StatsService}). */
  STATS("/api/v1/stats", false, "GET"),
  /** Arrivals and their outcomes as they happen, for the inspector and client apps' tests. */
  RECENT("/api/v1/recent", false, "GET"),
  /** An application's user, by user id, to delete ({@code com.theeye.query.DeletionRequests}). */
  USER("/api/v1/users", true, "DELETE"),
  /** An application's anonymous person, by anonymous id, to delete. */
  ANONYMOUS("/api/v1/anonymous", true, "DELETE"),
  /** A session, by its UUID, to delete, whichever application owns it. */
  SESSION("/api/v1/sessions", true, "DELETE"),
  /** A deletion, by the id its DELETE was answered with: its status and counts. */
  DELETION("/api/v1/deletions", true, "GET");

  private final String path;
  private final boolean item;
  private final List<String> methods;

  ApiResource(String path, boolean item, String... methods) {
    this.path = path;
    this.item = item;
    this.methods = List.of(methods);
  }

  /**
   * The resource a request path names: a collection's path exactly, the trailing slash optional; an
   * item's prefix, a slash and a non-empty id. Nothing before it: the stack's {@code $default}
   * stage puts no stage name in the path, and the greedy routes bring any path below {@code
   * /api/v1/} here, {@code /api/v1/events/api/v1/events} too.
   */
  public static Optional<ApiResource> of(String requestPath) {
    return Arrays.stream(values()).filter(r -> r.names(requestPath)).findFirst();
  }

  private boolean names(String requestPath) {
    if (item) {
      return requestPath.length() > path.length() + 1 && requestPath.startsWith(path + "/");
    }
    return requestPath.equals(path) || requestPath.equals(path + "/");
  }

  /**
   * The id an item's path names: everything after the prefix and its slash, verbatim, a trailing
   * slash included; empty for a collection, or a path that is not this resource's.
   *
   * <p>Not decoded again: an HTTP API hands the function a {@code rawPath} already percent-decoded
   * (live captures: {@code /capture/space%20value} arrives as {@code /capture/space value}, {@code
   * slash%2Fvalue} as {@code slash/value}; hotsock/voker, vokerhttp/testdata/ingress-paths.json),
   * so an id may hold a slash, and a second decoding would change an id holding {@code %}.
   */
  public Optional<String> id(String requestPath) {
    return item && names(requestPath)
        ? Optional.of(requestPath.substring(path.length() + 1))
        : Optional.empty();
  }

  /** Whether the path names one item by its id, as {@code /api/v1/users/{user_id}} does. */
  public boolean item() {
    return item;
  }

  /**
   * The path without a trailing slash, e.g. {@code /api/v1/events}; for an item, the prefix its id
   * follows, e.g. {@code /api/v1/users}.
   */
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

package com.theeye.http;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * What SnapStart priming sends through an API function's own request path ({@link
 * ApiGatewayHandler#prime}): rounds of requests, each with the status it must get.
 *
 * @param service answers the priming requests and must have no side effects: the live service when
 *     it only reads, otherwise a twin of it whose writes go nowhere
 * @param exchanges one round's requests, in order, each with the status it must get
 * @param rounds how many rounds: enough for the JIT to compile the hot methods
 */
public record ApiPriming(
    Function<HttpRequest, ? extends HttpOutcome> service, List<Exchange> exchanges, int rounds) {

  public ApiPriming {
    Objects.requireNonNull(service, "service");
    exchanges = List.copyOf(exchanges);
  }

  /** A priming request and the status it must get; any other means the path is broken. */
  public record Exchange(HttpRequest request, int status) {}
}

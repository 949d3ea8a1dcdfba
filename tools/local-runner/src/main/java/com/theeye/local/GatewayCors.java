package com.theeye.local;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What API Gateway does for an HTTP API with a {@code CorsConfiguration}, so a page served from
 * another origin behaves under {@code make run} as it will deployed.
 *
 * <p>As documented in "Configure CORS for HTTP APIs in API Gateway"
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html): the gateway
 * answers preflight requests itself, whatever the routes, and adds the configured headers to the
 * integration's responses, ignoring CORS headers the integration sets. It returns CORS headers only
 * to a request with an {@code Origin}; a preflight is an {@code OPTIONS} with {@code Origin} and
 * {@code Access-Control-Request-Method}. The preflight's 204 status is what the deployed API
 * answers. {@code Vary: Origin} is not in AWS's page: it is added when a listed origin is echoed,
 * as the Fetch standard asks of any server whose answer depends on the origin, and it is harmless
 * with {@code *}, where it is left out.
 */
final class GatewayCors {

  private final LocalSettings.CorsSettings settings;

  GatewayCors(LocalSettings.CorsSettings settings) {
    this.settings = settings;
  }

  /** The request is a preflight the gateway answers itself. */
  static boolean isPreflight(String method, Optional<String> origin, Optional<String> requested) {
    return method.equals("OPTIONS") && origin.isPresent() && requested.isPresent();
  }

  /** The preflight's headers: none for an origin that is not allowed. */
  Map<String, String> preflight(String origin) {
    Map<String, String> headers = actual(Optional.of(origin));
    if (!headers.isEmpty()) {
      headers.put("access-control-allow-methods", String.join(",", settings.allowMethods()));
      headers.put("access-control-allow-headers", String.join(",", settings.allowHeaders()));
      headers.put("access-control-max-age", Integer.toString(settings.maxAgeSeconds()));
    }
    return headers;
  }

  /** The headers added to an actual response, for the request's origin. */
  Map<String, String> actual(Optional<String> origin) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (origin.isEmpty()) {
      return headers;
    }
    if (settings.allowOrigins().contains("*")) {
      headers.put("access-control-allow-origin", "*");
    } else if (settings.allowOrigins().stream().anyMatch(o -> o.equalsIgnoreCase(origin.get()))) {
      headers.put("access-control-allow-origin", origin.get());
      headers.put("vary", "Origin");
    } else {
      return headers;
    }
    if (!settings.exposeHeaders().isEmpty()) {
      headers.put("access-control-expose-headers", String.join(",", settings.exposeHeaders()));
    }
    return headers;
  }

  /** The integration's headers without its own CORS headers, which the gateway ignores. */
  static Map<String, String> withoutCorsHeaders(Map<String, String> headers) {
    Map<String, String> kept = new LinkedHashMap<>(headers);
    kept.keySet().removeIf(name -> name.toLowerCase(Locale.ROOT).startsWith("access-control-"));
    return kept;
  }
}

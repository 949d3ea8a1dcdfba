package com.theeye.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * Web origins as browsers send them in the {@code Origin} header ({@code scheme://host[:port]}, no
 * path), in one normal form so an operator's {@code https://Shop.example:443/} and a browser's
 * {@code https://shop.example} compare equal.
 */
public final class Origins {

  private Origins() {}

  /**
   * The origin in normal form: scheme and host in lower case, the scheme's default port dropped, no
   * trailing slash. Empty when {@code text} is no http(s) origin (a path, a query, user info, a
   * wildcard or the opaque origin {@code null}).
   */
  public static Optional<String> normalize(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    URI uri;
    try {
      uri = new URI(text.strip());
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return Optional.empty();
    }
    String host = uri.getHost();
    boolean bare =
        uri.getRawUserInfo() == null
            && uri.getRawQuery() == null
            && uri.getRawFragment() == null
            && (uri.getRawPath() == null
                || uri.getRawPath().isEmpty()
                || uri.getRawPath().equals("/"));
    if (host == null || host.isEmpty() || !bare) {
      return Optional.empty();
    }
    int port = uri.getPort();
    boolean defaultPort =
        port == -1
            || (scheme.equals("http") && port == 80)
            || (scheme.equals("https") && port == 443);
    return Optional.of(
        scheme + "://" + host.toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port));
  }

  /**
   * Whether a request from {@code origin} may send events for an application allowing {@code
   * allowed} (in normal form). No list allows every origin; with a list, an origin that is not an
   * http(s) origin (e.g. {@code null}) is refused.
   */
  public static boolean allows(Collection<String> allowed, String origin) {
    if (allowed.isEmpty()) {
      return true;
    }
    return normalize(origin).map(allowed::contains).orElse(false);
  }
}

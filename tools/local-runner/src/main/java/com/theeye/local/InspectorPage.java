package com.theeye.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The inspector, {@code /inspect}: a page that shows events as they arrive, with their outcomes,
 * reading {@code GET /api/v1/recent/} of the same origin. Plain HTML, CSS and JavaScript from the
 * checkout's {@code tools/inspector/} (nothing to build, nothing fetched from elsewhere; {@code
 * make inspect} serves the same files for a deployment), and the event schemas of the checkout at
 * {@code /inspect/schemas/<category>/<name>.json}, so an invalid event links to the schema it
 * failed. Every answer carries a Content-Security-Policy that allows this origin only.
 */
final class InspectorPage {

  static final String PATH = "/inspect";

  /** What the page may load and connect to: this origin, nothing else; no inline script. */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self';"
          + " connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

  private static final Map<String, String> FILES =
      Map.of(
          "inspect.js", "text/javascript; charset=utf-8",
          "inspect.css", "text/css; charset=utf-8");

  /** A schema's path below {@code schemas/}: two slugs, as the processor names its files. */
  private static final Pattern SCHEMA =
      Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*/[a-z0-9]+(-[a-z0-9]+)*\\.json");

  /** Where the page's files are, in the checkout. */
  static final String FOLDER = "tools/inspector";

  private final Path files;
  private final Path schemas;

  InspectorPage(Path repoRoot) {
    this.files = repoRoot.resolve(FOLDER);
    this.schemas = repoRoot.resolve("schemas");
  }

  /** The page or file at {@code path}, or empty when the path is not the inspector's. */
  Optional<ApiDocs.Page> page(String path) {
    if (path.equals(PATH) || path.equals(PATH + "/")) {
      return Optional.of(page("text/html; charset=utf-8", resource("inspect.html")));
    }
    if (!path.startsWith(PATH + "/")) {
      return Optional.empty();
    }
    String name = path.substring(PATH.length() + 1);
    if (FILES.containsKey(name)) {
      return Optional.of(page(FILES.get(name), resource(name)));
    }
    if (name.startsWith("schemas/") && SCHEMA.matcher(name.substring(8)).matches()) {
      Path file = schemas.resolve(name.substring(8));
      if (Files.isRegularFile(file)) {
        try {
          return Optional.of(page("application/json; charset=utf-8", Files.readAllBytes(file)));
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read " + file, e);
        }
      }
    }
    return Optional.empty();
  }

  private static ApiDocs.Page page(String contentType, byte[] body) {
    return new ApiDocs.Page(contentType, body, Optional.of(CONTENT_SECURITY_POLICY));
  }

  private byte[] resource(String name) {
    Path file = files.resolve(name);
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}

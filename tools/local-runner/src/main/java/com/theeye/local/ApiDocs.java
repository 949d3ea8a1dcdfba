package com.theeye.local;

import com.theeye.emulators.Dynalite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The API's documentation, served locally beside it: {@code /openapi.yaml} (docs/openapi.yaml from
 * the checkout) and a Swagger UI at {@code /docs}, its files from the {@code swagger-ui-dist} npm
 * package. Without that package, {@code /docs} is a plain page linking the YAML. The inspector's
 * page ({@link InspectorPage}, {@code /inspect}) is served beside them.
 */
final class ApiDocs {

  static final String OPENAPI_PATH = "/openapi.yaml";
  static final String DOCS_PATH = "/docs";

  private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final Map<String, String> TYPES =
      Map.of(
          "css", "text/css; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "png", "image/png",
          "html", "text/html; charset=utf-8",
          "map", "application/json");

  /** A file to answer with, and the Content-Security-Policy it is served with, if any. */
  record Page(String contentType, byte[] body, Optional<String> contentSecurityPolicy) {
    Page(String contentType, byte[] body) {
      this(contentType, body, Optional.empty());
    }
  }

  private final Path openApi;
  private final Path swaggerUi;
  private final InspectorPage inspector;

  ApiDocs(Path repoRoot) {
    this.openApi = repoRoot.resolve("docs/openapi.yaml");
    this.swaggerUi =
        repoRoot.resolve(Dynalite.NODE_PACKAGE).resolve("node_modules/swagger-ui-dist");
    this.inspector = new InspectorPage(repoRoot);
  }

  /** The page at {@code path}, or empty when the path is not the documentation's. */
  Optional<Page> page(String path) {
    Optional<Page> inspect = inspector.page(path);
    if (inspect.isPresent()) {
      return inspect;
    }
    if (path.equals(OPENAPI_PATH) && Files.isRegularFile(openApi)) {
      return Optional.of(new Page("application/yaml; charset=utf-8", read(openApi)));
    }
    if (path.equals(DOCS_PATH) || path.equals(DOCS_PATH + "/")) {
      return Optional.of(new Page(TYPES.get("html"), index()));
    }
    if (path.startsWith(DOCS_PATH + "/")) {
      String name = path.substring(DOCS_PATH.length() + 1);
      // Only plain file names from the package's folder: no path may walk out of it.
      if (FILE_NAME.matcher(name).matches() && Files.isRegularFile(swaggerUi.resolve(name))) {
        String extension = name.substring(name.lastIndexOf('.') + 1);
        return Optional.of(
            new Page(
                TYPES.getOrDefault(extension, "application/octet-stream"),
                read(swaggerUi.resolve(name))));
      }
    }
    return Optional.empty();
  }

  private byte[] index() {
    String html =
        Files.isRegularFile(swaggerUi.resolve("swagger-ui-bundle.js"))
            ? """
              <!doctype html>
              <html lang="en">
              <head>
                <meta charset="utf-8">
                <title>The Eye API</title>
                <link rel="stylesheet" href="/docs/swagger-ui.css">
              </head>
              <body>
                <div id="swagger-ui"></div>
                <script src="/docs/swagger-ui-bundle.js"></script>
                <script>
                  window.ui = SwaggerUIBundle({url: "/openapi.yaml", dom_id: "#swagger-ui"});
                </script>
              </body>
              </html>
              """
            : """
              <!doctype html>
              <html lang="en">
              <head><meta charset="utf-8"><title>The Eye API</title></head>
              <body>
                <p>Swagger UI is not installed (run <code>npm ci</code>).
                The API is described in <a href="/openapi.yaml">openapi.yaml</a>.</p>
              </body>
              </html>
              """;
    return html.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}

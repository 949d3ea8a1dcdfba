package com.theeye.operator;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The operators' CLI calls AWS with the operator's credentials, never through a function's code: no
 * function is on its class path. `make check-permissions` counts a call as a function's when the
 * function's code made it, so a CLI that ran function code would have its calls checked against,
 * and granted to, a function's role.
 *
 * <p>The class path checked is the one the CLI runs with (its classes and its runtime dependencies,
 * what the shaded jar holds), not the tests' own, which may hold function code to compare settings
 * with.
 */
class NoFunctionCodeTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "com.theeye.ingest.IngestHandler",
        "com.theeye.processor.ProcessorHandler",
        "com.theeye.query.QueryHandler"
      })
  void noFunctionsCodeIsOnTheClassPath(String handler) throws IOException {
    try (URLClassLoader cli = new URLClassLoader(runtimeClassPath(), null)) {
      assertThrows(ClassNotFoundException.class, () -> Class.forName(handler, false, cli));
    }
  }

  /** target/classes and the runtime dependencies the build listed in runtime-classpath.txt. */
  private static URL[] runtimeClassPath() throws IOException {
    Path target = Path.of("target");
    List<URL> urls = new ArrayList<>();
    urls.add(url(target.resolve("classes")));
    for (String entry :
        Files.readString(target.resolve("runtime-classpath.txt"))
            .trim()
            .split(File.pathSeparator)) {
      if (!entry.isBlank()) {
        urls.add(url(Path.of(entry)));
      }
    }
    return urls.toArray(URL[]::new);
  }

  private static URL url(Path path) throws MalformedURLException {
    return path.toAbsolutePath().toUri().toURL();
  }
}

package com.theeye.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.theeye.testsupport.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The gate itself: every schema in {@code schemas/} against its last committed version that
 * differs. Skipped, with the reason, where git history cannot be read (a shallow clone, an export).
 */
class SchemasEvolveCompatiblyTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void everySchemaChangeCarriesTheVersionBumpItNeeds() throws IOException {
    Path root = Fixtures.repoRoot();
    SchemaHistory history = new SchemaHistory(root);
    Optional<String> unavailable = history.unavailable();
    Assumptions.assumeTrue(
        unavailable.isEmpty(), () -> "schema gate skipped: " + unavailable.get());

    List<String> problems = new ArrayList<>();
    for (Path path : schemaFiles(root.resolve("schemas"))) {
      String file = root.relativize(path).toString().replace('\\', '/');
      JsonNode now = JSON.readTree(Files.readString(path));
      SchemaGate.problem(file, history.lastDifferentVersion(file, now), now)
          .ifPresent(problems::add);
    }
    assertEquals(List.of(), problems, "see schemas/README.md, \"Evolving a schema\"");
  }

  private static List<Path> schemaFiles(Path folder) throws IOException {
    try (Stream<Path> paths = Files.walk(folder)) {
      return paths.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
  }
}

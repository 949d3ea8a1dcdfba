package com.theeye.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.theeye.testsupport.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each deployable jar carries only what its function uses: cold starts load less, and a function
 * cannot reach code it was never meant to run. Built by `package` before tests here.
 */
class FunctionJarsTest {

  /**
   * What may appear in no function jar: the emulators, table creation, test support, and the AWS
   * call recorder with the SDK global-interceptor file that would load it in every client.
   */
  private static final List<String> NEVER_DEPLOYED =
      List.of(
          "com/theeye/emulators/",
          "com/theeye/testsupport/",
          "com/theeye/local/",
          "com/theeye/calls/",
          "software/amazon/awssdk/global/handlers/");

  @ParameterizedTest(name = "{0} carries none of {1}")
  @CsvSource({
    "ingest-function, com/theeye/processor/ com/theeye/query/",
    "processor-function, com/theeye/ingest/ com/theeye/query/",
    "query-function, software/amazon/awssdk/services/sqs/ com/theeye/ingest/ com/theeye/processor/"
  })
  void aFunctionJarCarriesOnlyWhatItsFunctionUses(String function, String foreign)
      throws IOException {
    List<String> entries = entries(function);
    List<String> forbidden =
        Stream.concat(NEVER_DEPLOYED.stream(), Arrays.stream(foreign.split(" "))).toList();

    assertEquals(
        List.of(),
        entries.stream().filter(e -> forbidden.stream().anyMatch(e::startsWith)).toList(),
        function + ".jar carries classes its function never uses");
    String own = "com/theeye/" + function.substring(0, function.indexOf('-')) + "/";
    assertNotEquals(
        0,
        entries.stream().filter(e -> e.startsWith(own)).count(),
        "the jar is its own function's");
  }

  private static List<String> entries(String function) throws IOException {
    Path jar = Fixtures.repoRoot().resolve(function + "/target/" + function + ".jar");
    Assumptions.assumeTrue(
        Files.isRegularFile(jar), jar + " is not built yet: run `make test` (mvn verify)");
    try (JarFile file = new JarFile(jar.toFile())) {
      return file.stream().map(JarEntry::getName).toList();
    }
  }
}

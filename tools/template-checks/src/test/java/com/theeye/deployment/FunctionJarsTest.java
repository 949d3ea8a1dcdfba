package com.theeye.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.theeye.testsupport.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each deployable jar carries only what its function uses: cold starts load less, and a function
 * cannot reach code it was never meant to run. Every function of the template is checked. Built by
 * `package` before tests here.
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

  private static final String SQS_CLIENT = "software/amazon/awssdk/services/sqs/";

  /**
   * Each function's jar against the template: none of the other functions' packages, and no SQS
   * client unless the template names a queue for it ({@code *_QUEUE_URL}).
   */
  static Stream<Arguments> functions() {
    SamTemplate template = Templates.theTemplate();
    List<String> names = Templates.functions(template).stream().map(Templates::shortName).toList();
    return Templates.functions(template).stream()
        .map(
            function -> {
              String own = Templates.shortName(function);
              List<String> foreign = new ArrayList<>();
              names.stream()
                  .filter(other -> !other.equals(own))
                  .forEach(other -> foreign.add("com/theeye/" + other + "/"));
              if (!namesAQueue(template, function)) {
                foreign.add(SQS_CLIENT);
              }
              return Arguments.of(own + "-function", String.join(" ", foreign));
            });
  }

  @ParameterizedTest(name = "{0} carries none of {1}")
  @MethodSource("functions")
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

  private static boolean namesAQueue(SamTemplate template, String function) {
    Object environment = template.functionProperties(function).get("Environment");
    if (environment == null) {
      return false;
    }
    Object variables = SamTemplate.asMap(environment, function).get("Variables");
    return variables != null
        && SamTemplate.asMap(variables, function).keySet().stream()
            .anyMatch(name -> name.endsWith("_QUEUE_URL"));
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

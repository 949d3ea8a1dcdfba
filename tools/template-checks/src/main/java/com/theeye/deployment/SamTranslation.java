package com.theeye.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * template.yaml as CloudFormation receives it from the SAM transform: the installed SAM translator
 * (aws-sam-translator, the library `sam validate` and cfn-lint use) run by
 * src/main/python/sam_translate.py of this module.
 */
public final class SamTranslation {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The script, relative to the checkout root. */
  public static final String SCRIPT = "tools/template-checks/src/main/python/sam_translate.py";

  private SamTranslation() {}

  /**
   * Why the translator cannot run here (python3 or aws-sam-translator missing), or empty when it
   * can.
   */
  public static Optional<String> unavailable() {
    try {
      Process probe =
          new ProcessBuilder("python3", "-c", "import samtranslator, yaml")
              .redirectErrorStream(true)
              .start();
      String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0
          ? Optional.empty()
          : Optional.of(
              "python3 cannot import samtranslator (pip install aws-sam-translator): " + output);
    } catch (IOException e) {
      return Optional.of("python3 is not installed (" + e.getMessage() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted while looking for python3");
    }
  }

  /**
   * The CloudFormation template for the parameters' defaults, with {@code parameters} overriding
   * some.
   *
   * @param root the checkout, holding template.yaml and the script
   * @throws IllegalStateException when the translator refuses the template or cannot run
   */
  public static JsonNode translate(Path root, Map<String, String> parameters) {
    Path script = root.resolve(SCRIPT);
    try {
      Path output = Files.createTempFile("sam-translated", ".json");
      Path errors = Files.createTempFile("sam-translate", ".log");
      try {
        Process process =
            new ProcessBuilder(
                    "python3",
                    script.toString(),
                    root.resolve("template.yaml").toString(),
                    JSON.writeValueAsString(parameters))
                .redirectOutput(output.toFile())
                .redirectError(errors.toFile())
                .start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new IllegalStateException("the SAM translator took over 2 minutes");
        }
        if (process.exitValue() != 0) {
          throw new IllegalStateException(
              "the SAM translator refused template.yaml with "
                  + parameters
                  + ":\n"
                  + Files.readString(errors));
        }
        return JSON.readTree(output.toFile());
      } finally {
        Files.deleteIfExists(output);
        Files.deleteIfExists(errors);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not run " + script, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while translating", e);
    }
  }
}

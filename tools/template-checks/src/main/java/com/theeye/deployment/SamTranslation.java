package com.theeye.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
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
  public static synchronized JsonNode translate(Path root, Map<String, String> parameters) {
    try {
      if (server == null || !server.root().equals(root) || !server.process().isAlive()) {
        server = Server.start(root);
      }
      JsonNode answer = server.ask(JSON.writeValueAsString(parameters));
      if (answer.has("error")) {
        throw new IllegalStateException(
            "the SAM translator refused template.yaml with "
                + parameters
                + ": "
                + answer.get("error").asText());
      }
      return answer.get("template");
    } catch (IOException e) {
      String errors = server == null ? "" : server.errors();
      server = null;
      throw new UncheckedIOException("the SAM translator (" + SCRIPT + ") failed: " + errors, e);
    }
  }

  /**
   * One translator process for the JVM, serving translation after translation ({@code --serve}):
   * importing the translator takes about a second, a translation a tenth of that, and the tests ask
   * for a dozen sets of parameters. It ends when the JVM does, which closes its standard input.
   */
  private static Server server;

  private record Server(
      Path root, Process process, BufferedWriter requests, BufferedReader answers, Path errorLog) {

    static Server start(Path root) throws IOException {
      Path errorLog = Files.createTempFile("sam-translate", ".log");
      errorLog.toFile().deleteOnExit();
      Process process =
          new ProcessBuilder(
                  "python3",
                  root.resolve(SCRIPT).toString(),
                  root.resolve("template.yaml").toString(),
                  "--serve")
              .redirectError(errorLog.toFile())
              .start();
      return new Server(
          root,
          process,
          new BufferedWriter(
              new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8)),
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)),
          errorLog);
    }

    JsonNode ask(String parameters) throws IOException {
      requests.write(parameters);
      requests.newLine();
      requests.flush();
      String line = answers.readLine();
      if (line == null) {
        throw new IOException("the translator ended without an answer");
      }
      return JSON.readTree(line);
    }

    String errors() {
      try {
        return Files.readString(errorLog);
      } catch (IOException e) {
        return "(its error log is unreadable: " + e.getMessage() + ")";
      }
    }
  }
}

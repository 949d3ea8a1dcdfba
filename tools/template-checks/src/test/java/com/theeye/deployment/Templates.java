package com.theeye.deployment;

import com.theeye.testsupport.Fixtures;
import java.util.List;
import java.util.Map;

/** The checked-in template and the logical ids the checks refer to. */
final class Templates {

  static final String INGEST = "IngestFunction";
  static final String PROCESSOR = "ProcessorFunction";
  static final String QUERY = "QueryFunction";
  static final String CURSOR_SECRET = "CursorSigningSecret";
  static final String API = "EventsApi";
  static final String QUEUE = "EventsQueue";
  static final String DEAD_LETTER_QUEUE = "EventsDeadLetterQueue";

  private Templates() {}

  /**
   * The jar `sam build` deploys for a function: the Makefile's build-&lt;LogicalId&gt; target
   * copies {@code <name>-function/target/<name>-function.jar} (IngestFunction: ingest-function).
   */
  static java.nio.file.Path deployedJar(String function) {
    String module = shortName(function) + "-function";
    return Fixtures.repoRoot().resolve(module + "/target/" + module + ".jar");
  }

  /** template.yaml as it is in the checkout, parsed afresh (callers may change their copy). */
  static SamTemplate theTemplate() {
    return SamTemplate.parse(Fixtures.read("template.yaml"));
  }

  /** The functions of the template, in template order. */
  static List<String> functions(SamTemplate template) {
    return template.resourcesOfType("AWS::Serverless::Function");
  }

  /**
   * A function's short name, which names its module, handler package and jar: {@code deletion} for
   * {@code DeletionFunction} ({@code deletion-function/}, {@code com.theeye.deletion}).
   */
  static String shortName(String function) {
    return function.replace("Function", "").toLowerCase(java.util.Locale.ROOT);
  }

  /** The functions with an HTTP API route: those API Gateway waits for (30 s at most). */
  static List<String> apiFunctions(SamTemplate template) {
    return functions(template).stream()
        .filter(function -> !events(template, function, "HttpApi").isEmpty())
        .toList();
  }

  /** The events of a function of {@code type} (SQS, HttpApi, ...), by name. */
  static Map<String, Map<String, Object>> events(
      SamTemplate template, String function, String type) {
    Map<String, Object> events =
        SamTemplate.asMap(template.properties(function).getOrDefault("Events", Map.of()), "Events");
    var result = new java.util.LinkedHashMap<String, Map<String, Object>>();
    events.forEach(
        (name, event) -> {
          Map<String, Object> body = SamTemplate.asMap(event, name);
          if (type.equals(body.get("Type"))) {
            result.put(name, SamTemplate.asMap(body.get("Properties"), name + ".Properties"));
          }
        });
    return result;
  }

  /** Every SQS event source in the template, as (function, event properties). */
  static List<Map.Entry<String, Map<String, Object>>> sqsEventSources(SamTemplate template) {
    return template.resourcesOfType("AWS::Serverless::Function").stream()
        .flatMap(
            function ->
                events(template, function, "SQS").values().stream()
                    .map(e -> Map.entry(function, e)))
        .toList();
  }
}

package com.theeye.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.theeye.deployment.SamTemplate;
import com.theeye.testsupport.Fixtures;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The local runner creates what template.yaml creates and configures the functions the same way, so
 * what works under {@code make run} works deployed. (Tables are checked against the template by
 * deployment-checks' TableLayoutConformanceTest: both sides use TableLayout.)
 */
class LocalRunnerMatchesTemplateTest {

  private final SamTemplate template =
      SamTemplate.load(Fixtures.repoRoot().resolve("template.yaml"));

  @Test
  void queueRetriesAsTheTemplateDefaultsDo() {
    Map<String, Object> queue = template.properties("EventsQueue");
    Map<String, Object> redrive = SamTemplate.asMap(queue.get("RedrivePolicy"), "RedrivePolicy");
    LocalSettings.QueueSettings local = LocalSettings.QueueSettings.TEMPLATE_DEFAULTS;

    assertEquals(
        template.numberAtDefaults(queue.get("VisibilityTimeout")),
        local.visibilityTimeout().toSeconds());
    assertEquals(
        template.numberAtDefaults(redrive.get("maxReceiveCount")), local.maxReceiveCount());
    // SQS hands out at most 10 messages per receive; Lambda's larger batches are several receives.
    assertTrue(
        local.batchSize() <= template.numberAtDefaults(eventSource(template).get("BatchSize")),
        "the local batch is never larger than the deployed one");
  }

  @Test
  void functionsGetTheVariablesTheTemplateSets() {
    assertEquals(
        variables("IngestFunction").keySet().stream()
            .filter(LocalRunnerMatchesTemplateTest::names)
            .collect(java.util.stream.Collectors.toSet()),
        without(LocalEye.ingestEnvironment("http://queue").keySet()));
    assertEquals(
        variables("ProcessorFunction").keySet().stream()
            .filter(LocalRunnerMatchesTemplateTest::names)
            .collect(java.util.stream.Collectors.toSet()),
        without(LocalEye.processorEnvironment().keySet()));
  }

  /** Variables that name a resource; tuning variables keep the code's defaults locally. */
  private static boolean names(String variable) {
    return variable.endsWith("_TABLE") || variable.endsWith("_URL");
  }

  private static Set<String> without(Set<String> local) {
    return local.stream()
        .filter(v -> !v.equals("AWS_REGION"))
        .collect(java.util.stream.Collectors.toSet());
  }

  private Map<String, Object> variables(String function) {
    Map<String, Object> environment =
        SamTemplate.asMap(template.functionProperties(function).get("Environment"), function);
    return SamTemplate.asMap(environment.get("Variables"), function + ".Variables");
  }

  private static Map<String, Object> eventSource(SamTemplate template) {
    Map<String, Object> events =
        SamTemplate.asMap(template.properties("ProcessorFunction").get("Events"), "Events");
    for (Object event : events.values()) {
      Map<String, Object> body = SamTemplate.asMap(event, "event");
      if ("SQS".equals(body.get("Type"))) {
        return SamTemplate.asMap(body.get("Properties"), "SQS.Properties");
      }
    }
    throw new AssertionError("the processor has no SQS event source");
  }
}

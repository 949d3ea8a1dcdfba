package com.theeye.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.theeye.deployment.SamTemplate;
import com.theeye.testsupport.Fixtures;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The local runner creates what template.yaml creates, routes the API the same way and configures
 * the functions the same way, so what works under {@code make run} works deployed. (Tables are
 * checked against the template by template-checks' TableLayoutConformanceTest: both sides use
 * TableLayout.)
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
    assertSameResources(
        "IngestFunction", LocalFunctions.ingestEnvironment("http://queue").keySet());
    assertSameResources(
        "ProcessorFunction", LocalFunctions.processorEnvironment("http://queue").keySet());
    assertSameResources(
        "QueryFunction", LocalFunctions.queryEnvironment("http://deletions").keySet());
    assertSameResources(
        "DeletionFunction", LocalFunctions.deletionEnvironment("http://deletions").keySet());
  }

  @Test
  void apiRoutesAreTheTemplatesToTheSameFunctions() {
    RequestStreamHandler ingest = (input, output, context) -> {};
    RequestStreamHandler query = (input, output, context) -> {};
    Map<RequestStreamHandler, String> functions =
        Map.of(ingest, "IngestFunction", query, "QueryFunction");
    Set<String> local = new TreeSet<>();
    for (ApiGatewayBridge.Route route : LocalFunctions.routes(ingest, query)) {
      local.add(functions.get(route.handler()) + " " + route.method() + " " + route.path());
    }

    Set<String> deployed = new TreeSet<>();
    for (String function : List.of("IngestFunction", "QueryFunction")) {
      Map<String, Object> events =
          SamTemplate.asMap(template.properties(function).get("Events"), function + ".Events");
      for (Object event : events.values()) {
        Map<String, Object> body = SamTemplate.asMap(event, "event");
        if ("HttpApi".equals(body.get("Type"))) {
          Map<String, Object> route = SamTemplate.asMap(body.get("Properties"), "HttpApi");
          deployed.add(function + " " + route.get("Method") + " " + route.get("Path"));
        }
      }
    }
    assertEquals(deployed, local);
  }

  /**
   * Locally a function gets every variable that names a resource in the template, and nothing the
   * template does not set; tuning variables may keep the code's defaults.
   */
  private void assertSameResources(String function, Set<String> local) {
    Set<String> deployed = variables(function).keySet();
    Set<String> localOnly = new TreeSet<>(local);
    localOnly.remove("AWS_REGION"); // Lambda's own
    localOnly.removeAll(deployed);
    assertEquals(Set.of(), localOnly, function + ": set locally but not by the template");

    Set<String> resourcesMissingLocally = new TreeSet<>();
    for (String variable : deployed) {
      if (names(variable) && !local.contains(variable)) {
        resourcesMissingLocally.add(variable);
      }
    }
    assertEquals(
        Set.of(), resourcesMissingLocally, function + ": resources the runner does not name");
  }

  /** Variables that name a resource; tuning variables keep the code's defaults locally. */
  private static boolean names(String variable) {
    return variable.endsWith("_TABLE") || variable.endsWith("_URL");
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

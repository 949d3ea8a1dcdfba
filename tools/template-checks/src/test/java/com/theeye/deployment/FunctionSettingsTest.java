package com.theeye.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.theeye.query.QueryConfig;
import com.theeye.testsupport.Fixtures;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The functions, their environment and the API in front of them, as agreed with the function
 * modules.
 */
class FunctionSettingsTest {

  private static final String DELETION = "DeletionFunction";

  private final SamTemplate template = Templates.theTemplate();

  /**
   * One name per function: {@code DeletionFunction} runs {@code
   * com.theeye.deletion.DeletionHandler::handleRequest}, from the module {@code deletion-function/}
   * whose jar the Makefile's build-DeletionFunction hands sam build.
   */
  @Test
  void functionsRunTheAgreedHandlersFromTheJarsTheMakefileBuilds() {
    for (String function : Templates.functions(template)) {
      String name = Templates.shortName(function);
      String type = Character.toUpperCase(name.charAt(0)) + name.substring(1) + "Handler";
      assertEquals(
          "com.theeye." + name + "." + type + "::handleRequest",
          template.functionProperties(function).get("Handler"),
          function);
      assertTrue(
          Files.isDirectory(
              Fixtures.repoRoot().resolve(name + "-function/src/main/java/com/theeye/" + name)),
          function + ": no module " + name + "-function with the package com.theeye." + name);
    }
    String makefile = Fixtures.read("Makefile");
    for (String function : Templates.functions(template)) {
      // sam build runs the Makefile's build-<LogicalId> in the checkout (CodeUri .); SAM's own
      // Maven
      // builder cannot build one module of this reactor.
      assertEquals(".", template.functionProperties(function).get("CodeUri"), function);
      assertEquals(
          Map.of("BuildMethod", "makefile"), template.resource(function).get("Metadata"), function);
      String module = Templates.shortName(function);
      assertTrue(
          makefile.contains("build-" + function + ": FUNCTION := " + module + "\n"),
          "the Makefile has no build-" + function + " target building " + module + "-function");
    }
    assertTrue(
        makefile.contains(
            "cp $(FUNCTION)-function/target/$(FUNCTION)-function.jar \"$(ARTIFACTS_DIR)/lib/\""),
        "the build targets hand sam build the module's shaded jar, in lib/ (Lambda's class path)");
    Matcher functions = Pattern.compile("(?m)^FUNCTIONS := (.*)$").matcher(makefile);
    assertTrue(functions.find(), "the Makefile lists its FUNCTIONS");
    assertEquals(
        Templates.functions(template).stream().map(Templates::shortName).toList(),
        List.of(functions.group(1).strip().split(" +")),
        "the Makefile builds (and make check-permissions tests) every function's module");
  }

  @Test
  void everyFunctionRunsJava25WithSnapStartBehindAnAlias() {
    for (String function : template.resourcesOfType("AWS::Serverless::Function")) {
      Map<String, Object> properties = template.functionProperties(function);
      assertEquals("java25", properties.get("Runtime"), function);
      assertEquals(Map.of("ApplyOn", "PublishedVersions"), properties.get("SnapStart"), function);
      // Without an alias the event sources would invoke $LATEST, which SnapStart never snapshots.
      assertTrue(
          properties.get("AutoPublishAlias") instanceof String alias && !alias.isBlank(), function);
      assertEquals("Active", properties.get("Tracing"), function);
      assertEquals(
          "JSON",
          SamTemplate.asMap(properties.get("LoggingConfig"), function).get("LogFormat"),
          function);
    }
  }

  @Test
  void ingestGetsItsAgreedEnvironment() {
    Map<String, Object> variables = environment(Templates.INGEST);
    assertEquals(
        new TreeSet<>(
            Set.of(
                "METRICS_NAMESPACE",
                "APPLICATIONS_TABLE",
                "EVENTS_QUEUE_URL",
                "MAX_BODY_BYTES",
                "MAX_BATCH_EVENTS",
                "MAX_EVENT_BYTES",
                "CAPTURE_CLIENT_ADDRESS",
                "TRUSTED_CACHE_SECONDS",
                "UNTRUSTED_CACHE_SECONDS",
                "EVENTS_TABLE",
                "INVALID_EVENTS_TABLE",
                "DELETIONS_TABLE",
                "CURSOR_SECRET_ARN")),
        new TreeSet<>(variables.keySet()));
    assertEquals(Map.of("Ref", "ApplicationsTable"), variables.get("APPLICATIONS_TABLE"));
    assertEquals(Map.of("Ref", "DeletionsTable"), variables.get("DELETIONS_TABLE"));
    assertEquals(Map.of("Ref", Templates.QUEUE), variables.get("EVENTS_QUEUE_URL"));
    assertDefaults(
        variables,
        Map.of(
            "MAX_BODY_BYTES",
            1048576L,
            "MAX_BATCH_EVENTS",
            500L,
            "MAX_EVENT_BYTES",
            32768L,
            "TRUSTED_CACHE_SECONDS",
            60L,
            "UNTRUSTED_CACHE_SECONDS",
            10L));
    assertEquals("true", template.atDefaults(variables.get("CAPTURE_CLIENT_ADDRESS")));
  }

  @Test
  void processorGetsItsAgreedEnvironment() {
    Map<String, Object> variables = environment(Templates.PROCESSOR);
    assertEquals(
        new TreeSet<>(
            Set.of(
                "METRICS_NAMESPACE",
                "EVENTS_TABLE",
                "SESSIONS_TABLE",
                "INVALID_EVENTS_TABLE",
                "APPLICATIONS_TABLE",
                "IDENTITIES_TABLE",
                "UNKNOWN_EVENT_TYPES",
                "CLOCK_SKEW_SECONDS",
                "INDEX_SHARDS",
                "RETENTION_DAYS",
                "BATCH_CONCURRENCY",
                "MAX_RECEIVE_COUNT",
                "EVENTS_QUEUE_URL",
                "DELETIONS_TABLE",
                "SUPPRESSION_CACHE_SECONDS")),
        new TreeSet<>(variables.keySet()));
    assertEquals(Map.of("Ref", "DeletionsTable"), variables.get("DELETIONS_TABLE"));
    assertEquals(Map.of("Ref", "EventsTable"), variables.get("EVENTS_TABLE"));
    assertEquals(Map.of("Ref", "SessionsTable"), variables.get("SESSIONS_TABLE"));
    assertEquals(
        Map.of("Ref", "EventsQueue"),
        variables.get("EVENTS_QUEUE_URL"),
        "throttled events go back to the queue the processor reads");
    assertEquals(Map.of("Ref", "InvalidEventsTable"), variables.get("INVALID_EVENTS_TABLE"));
    assertEquals(Map.of("Ref", "IdentitiesTable"), variables.get("IDENTITIES_TABLE"));
    assertEquals("reject", template.atDefaults(variables.get("UNKNOWN_EVENT_TYPES")));
    assertDefaults(
        variables,
        Map.of(
            "CLOCK_SKEW_SECONDS",
            300L,
            "INDEX_SHARDS",
            8L,
            "RETENTION_DAYS",
            0L,
            "BATCH_CONCURRENCY",
            8L,
            "SUPPRESSION_CACHE_SECONDS",
            60L));
  }

  @Test
  void deletionGetsItsAgreedEnvironment() {
    Map<String, Object> variables = environment(DELETION);
    Map<String, String> tables = new TreeMap<>();
    variables.forEach(
        (name, value) -> {
          if (name.endsWith("_TABLE") || name.endsWith("_QUEUE_URL")) {
            tables.put(name, String.valueOf(SamTemplate.ref(value).orElse(null)));
          }
        });
    assertEquals(
        Map.of(
            "EVENTS_TABLE", "EventsTable",
            "INVALID_EVENTS_TABLE", "InvalidEventsTable",
            "IDENTITIES_TABLE", "IdentitiesTable",
            "SESSIONS_TABLE", "SessionsTable",
            "DELETIONS_TABLE", "DeletionsTable",
            "DELETIONS_QUEUE_URL", "DeletionsQueue"),
        tables,
        "every table a deletion sweeps, its own records, and the queue it continues on");
    assertEquals(
        new TreeSet<>(
            List.of(
                "EVENTS_TABLE",
                "INVALID_EVENTS_TABLE",
                "IDENTITIES_TABLE",
                "SESSIONS_TABLE",
                "DELETIONS_TABLE",
                "DELETIONS_QUEUE_URL",
                "INDEX_SHARDS",
                "DELETION_SETTLE_SECONDS")),
        new TreeSet<>(variables.keySet()));
    assertEquals(
        environment(Templates.PROCESSOR).get("INDEX_SHARDS"),
        variables.get("INDEX_SHARDS"),
        "a sweep reads by-application on every shard the processor writes");
  }

  /**
   * A person's deletion sweeps again until no processor can still store an event of the person it
   * had not yet seen suppressed: the processor's suppression cache, then a whole processor timeout
   * (a batch that read the cache just before).
   */
  @Test
  void aDeletionSettlesAfterTheSuppressionCacheAndAProcessorTimeout() {
    long cache =
        template.numberAtDefaults(
            environment(Templates.PROCESSOR).get("SUPPRESSION_CACHE_SECONDS"));
    long processorTimeout =
        template.numberAtDefaults(template.functionProperties(Templates.PROCESSOR).get("Timeout"));
    assertEquals(
        cache + processorTimeout,
        template.numberAtDefaults(environment(DELETION).get("DELETION_SETTLE_SECONDS")));
    assertEquals(90L, cache + processorTimeout, "docs/CONFIGURATION.md says 90 by default");
  }

  @Test
  void queryGetsExactlyTheVariablesQueryConfigReads() {
    Map<String, Object> variables = environment(Templates.QUERY);
    Set<String> read = new TreeSet<>(QueryConfig.REQUIRED_ENVIRONMENT);
    read.addAll(QueryConfig.OPTIONAL_ENVIRONMENT);
    read.remove("AWS_REGION");
    assertEquals(read, new TreeSet<>(variables.keySet()));
    assertEquals(Map.of("Ref", "EventsTable"), variables.get("EVENTS_TABLE"));
    assertEquals(Map.of("Ref", "InvalidEventsTable"), variables.get("INVALID_EVENTS_TABLE"));
    assertEquals(31L, template.numberAtDefaults(variables.get("MAX_QUERY_RANGE_DAYS")));
  }

  @Test
  void queryFansOutOverTheShardsTheProcessorWrites() {
    assertEquals(
        environment(Templates.PROCESSOR).get("INDEX_SHARDS"),
        environment(Templates.QUERY).get("INDEX_SHARDS"));
  }

  @Test
  void cursorSigningKeyIsAGeneratedSecretTheFunctionReads() {
    // Its ARN, never its value: the function reads and refreshes the key (CursorKeys).
    assertEquals(
        Map.of("Ref", Templates.CURSOR_SECRET),
        environment(Templates.QUERY).get("CURSOR_SECRET_ARN"));
    assertFalse(environment(Templates.QUERY).containsKey("CURSOR_SIGNING_KEY"));
    assertEquals(
        List.of(Templates.CURSOR_SECRET), template.resourcesOfType("AWS::SecretsManager::Secret"));
    Map<String, Object> generated =
        SamTemplate.asMap(
            template.properties(Templates.CURSOR_SECRET).get("GenerateSecretString"), "Generate");
    assertTrue(
        ((Number) generated.get("PasswordLength")).intValue()
            >= QueryConfig.MIN_SIGNING_KEY_CHARACTERS,
        generated.toString());
  }

  @Test
  void queryRoutesAreSignedWithIamAndIngestRoutesStayOpen() {
    Set<String> routeKeys = new TreeSet<>();
    for (Map<String, Object> route :
        Templates.events(template, Templates.QUERY, "HttpApi").values()) {
      assertEquals(Map.of("Ref", Templates.API), route.get("ApiId"));
      assertEquals("2.0", route.get("PayloadFormatVersion"));
      assertEquals(Map.of("Authorizer", "AWS_IAM"), route.get("Auth"), route.toString());
      routeKeys.add(route.get("Method") + " " + route.get("Path"));
    }
    // A path ending in / makes no route (serverless-application-model #1949): the greedy route
    // serves /api/v1/events/ and /api/v1/invalid-events/. Deleting a person or a session is the
    // query function's too, signed the same way (docs/OPERATIONS.md, "Delete a person").
    assertEquals(
        new TreeSet<>(
            Set.of(
                "GET /api/v1/events",
                "GET /api/v1/invalid-events",
                "GET /api/v1/{proxy+}",
                "GET /api/v1/deletions/{deletion_id}",
                "DELETE /api/v1/users/{user_id}",
                "DELETE /api/v1/anonymous/{anonymous_id}",
                "DELETE /api/v1/sessions/{session_id}")),
        routeKeys);
    for (Map<String, Object> route :
        Templates.events(template, Templates.INGEST, "HttpApi").values()) {
      assertFalse(route.containsKey("Auth"), "applications authenticate by header, not SigV4");
    }
    Map<String, Object> auth =
        SamTemplate.asMap(template.properties(Templates.API).get("Auth"), "EventsApi.Auth");
    assertEquals(Map.of("EnableIamAuthorizer", true), auth, "IAM available, but not the default");
  }

  @Test
  void noFunctionSetsTheReservedRegionVariable() {
    // Lambda sets AWS_REGION itself and rejects a function that tries to.
    for (String function : template.resourcesOfType("AWS::Serverless::Function")) {
      assertFalse(environment(function).containsKey("AWS_REGION"), function);
    }
  }

  @Test
  void apiRoutesBothEventPathsToIngestWithPayloadVersion2() {
    Map<String, Map<String, Object>> routes =
        Templates.events(template, Templates.INGEST, "HttpApi");
    Set<String> routeKeys = new TreeSet<>();
    for (Map<String, Object> route : routes.values()) {
      assertEquals(Map.of("Ref", Templates.API), route.get("ApiId"));
      assertEquals("2.0", route.get("PayloadFormatVersion"));
      routeKeys.add(route.get("Method") + " " + route.get("Path"));
    }
    // POST is the ingest; the other methods are answered 405, so no path answers them 404.
    Set<String> expected = new TreeSet<>();
    for (String method : List.of("POST", "PUT", "PATCH", "DELETE", "HEAD")) {
      expected.add(method + " /api/v1/events");
      expected.add(method + " /api/v1/{proxy+}");
    }
    // Segment's HTTP Tracking API: POST only.
    expected.add("POST /v1/{proxy+}");
    // Receipts: GET by the applications, unsigned, so the ingest function's.
    expected.add("GET /api/v1/receipts/{receipt}");
    assertEquals(expected, routeKeys);
  }

  @Test
  void apiLetsBrowsersSendTheApplicationHeader() {
    Map<String, Object> cors =
        SamTemplate.asMap(template.properties(Templates.API).get("CorsConfiguration"), "Cors");
    List<String> headers =
        SamTemplate.asList(cors.get("AllowHeaders")).stream()
            .map(h -> String.valueOf(h).toLowerCase(Locale.ROOT))
            .toList();
    assertTrue(headers.containsAll(List.of("application", "content-type")), headers.toString());
    assertEquals(Map.of("Ref", "AllowedOrigins"), cors.get("AllowOrigins"));
  }

  @Test
  void apiStageThrottlingIsParameterised() {
    Map<String, Object> route =
        SamTemplate.asMap(template.properties(Templates.API).get("DefaultRouteSettings"), "Route");
    assertEquals(Map.of("Ref", "ApiThrottlingRateLimit"), route.get("ThrottlingRateLimit"));
    assertEquals(Map.of("Ref", "ApiThrottlingBurstLimit"), route.get("ThrottlingBurstLimit"));
  }

  @Test
  void apiFunctionsAnswerWithinApiGatewaysIntegrationLimit() {
    for (String function : Templates.apiFunctions(template)) {
      long timeout =
          template.numberAtDefaults(template.functionProperties(function).get("Timeout"));
      assertTrue(
          timeout < 30, "HTTP APIs give up after 30 s; " + function + " Timeout is " + timeout);
    }
  }

  private Map<String, Object> environment(String function) {
    Map<String, Object> environment =
        SamTemplate.asMap(template.functionProperties(function).get("Environment"), function);
    return SamTemplate.asMap(environment.get("Variables"), function + ".Environment.Variables");
  }

  private void assertDefaults(Map<String, Object> variables, Map<String, Long> expected) {
    expected.forEach(
        (name, value) -> assertEquals(value, template.numberAtDefaults(variables.get(name)), name));
  }
}

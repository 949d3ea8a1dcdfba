package com.theeye.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.theeye.http.ApiResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The HTTP API CloudFormation gets from the SAM translator: the routes it creates, which function
 * and authorizer each one has, the query routes' own throttling, and the URLs the stack outputs.
 */
class TranslatedApiTest {

  private final JsonNode template = SamTranslator.translate();

  @Test
  void noRoutePathEndsInASlash() {
    // serverless-application-model #1949: such a path gets an integration but no route.
    for (String path : paths()) {
      assertTrue(path.equals("/") || !path.endsWith("/"), path);
    }
  }

  @Test
  void bothSpellingsOfEachPathReachTheRightFunction() {
    for (String path : List.of("/api/v1/events", "/api/v1/events/")) {
      assertEquals(Optional.of("IngestFunctionAliaslive"), functionFor("post", path), path);
      assertEquals(Optional.of("QueryFunctionAliaslive"), functionFor("get", path), path);
    }
    for (String path : List.of("/api/v1/invalid-events", "/api/v1/invalid-events/")) {
      assertEquals(Optional.of("QueryFunctionAliaslive"), functionFor("get", path), path);
    }
    assertEquals(Optional.empty(), functionFor("get", "/api/v2/events"));
  }

  @Test
  void everyMethodNoFunctionServesOnTheApisPathsReachesTheIngestFunctionForIts405() {
    for (ApiResource resource : ApiResource.values()) {
      List<String> paths =
          resource.item()
              ? List.of(resource.path() + "/" + UUID.randomUUID())
              : List.of(resource.path(), resource.path() + "/");
      for (String path : paths) {
        for (String method : List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD")) {
          if (!resource.methods().contains(method)) {
            // A GET of an item below /api/v1/ is the query routes' greedy GET's, and the query
            // function answers the 405 itself (ApiResource.methodNotAllowed, as the ingest does).
            String answering =
                resource.item() && method.equals("GET")
                    ? "QueryFunctionAliaslive"
                    : "IngestFunctionAliaslive";
            assertEquals(
                Optional.of(answering),
                functionFor(method.toLowerCase(Locale.ROOT), path),
                method + " " + path);
          }
        }
      }
    }
  }

  @Test
  void noRouteTakesOptionsSoApiGatewayAnswersCorsPreflightsItself() {
    // A route that matches OPTIONS (an OPTIONS or ANY route) receives preflights, which the
    // function would then have to answer; without one, API Gateway answers them from
    // CorsConfiguration (docs/OPERATIONS.md, "The API's routes").
    for (String path : paths()) {
      Set<String> methods = new TreeSet<>();
      body().path("paths").path(path).fieldNames().forEachRemaining(methods::add);
      assertFalse(methods.contains("options"), path + " " + methods);
      assertFalse(methods.contains("x-amazon-apigateway-any-method"), path + " " + methods);
    }
    assertFalse(body().path("x-amazon-apigateway-cors").isMissingNode(), "CORS is configured");
  }

  /**
   * The query function's routes (the data team's reads, and deleting people) need SigV4; the ingest
   * function's (the applications', receipts included) need none.
   */
  @Test
  void everyQueryFunctionRouteNeedsSigV4AndNoIngestRouteDoes() {
    Set<String> signed = new TreeSet<>();
    body()
        .path("paths")
        .properties()
        .forEach(
            path ->
                path.getValue()
                    .properties()
                    .forEach(
                        operation -> {
                          JsonNode security = operation.getValue().path("security");
                          String route = operation.getKey() + " " + path.getKey();
                          String function = integration(operation.getValue());
                          if (function.equals("QueryFunctionAliaslive")) {
                            assertEquals("[{\"AWS_IAM\":[]}]", security.toString(), route);
                            signed.add(route);
                          } else {
                            assertEquals("IngestFunctionAliaslive", function, route);
                            assertTrue(security.isMissingNode(), route);
                          }
                        }));
    assertTrue(signed.contains("delete /api/v1/users/{user_id}"), signed.toString());
  }

  /**
   * Deleting a person or a session reaches the query function, signed; a DELETE of any other path
   * below /api/v1/ still reaches the ingest function, which answers 405 (or 404): a path variable
   * is more specific than the greedy route (docs/OPERATIONS.md, "The API's routes").
   */
  @Test
  void deletionsReachTheQueryFunctionAndOtherDeletesTheIngests405() {
    for (String path :
        List.of(
            "/api/v1/users/42",
            "/api/v1/anonymous/a1b2",
            "/api/v1/sessions/e2085be5-9137-4e4e-80b5-f1ffddc25423")) {
      assertEquals(Optional.of("QueryFunctionAliaslive"), functionFor("delete", path), path);
    }
    assertEquals(
        Optional.of("QueryFunctionAliaslive"),
        functionFor("get", "/api/v1/deletions/6f1c2d3e-0000-4000-8000-000000000000"));
    for (String path :
        List.of("/api/v1/events", "/api/v1/events/", "/api/v1/deletions/x", "/api/v1/users")) {
      assertEquals(Optional.of("IngestFunctionAliaslive"), functionFor("delete", path), path);
    }
    assertEquals(Optional.of("IngestFunctionAliaslive"), functionFor("post", "/api/v1/users/42"));
  }

  @Test
  void queryRoutesHaveThrottlingOfTheirOwn() {
    JsonNode settings =
        template
            .path("Resources")
            .path("EventsApiApiGatewayDefaultStage")
            .path("Properties")
            .path("RouteSettings");
    Set<String> throttled = new TreeSet<>();
    settings.fieldNames().forEachRemaining(throttled::add);
    Set<String> queryRoutes = new TreeSet<>();
    body()
        .path("paths")
        .properties()
        .forEach(
            path ->
                path.getValue()
                    .properties()
                    .forEach(
                        operation -> {
                          // Receipts are the applications' (the ingest function's): the stage's.
                          if (integration(operation.getValue()).equals("QueryFunctionAliaslive")) {
                            queryRoutes.add(
                                operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
                          }
                        }));
    assertEquals(
        queryRoutes, throttled, "route settings name exactly the query function's routes' keys");
    for (String route : throttled) {
      assertEquals(
          "{\"Ref\":\"QueryThrottlingRateLimit\"}",
          settings.path(route).path("ThrottlingRateLimit").toString());
      assertEquals(
          "{\"Ref\":\"QueryThrottlingBurstLimit\"}",
          settings.path(route).path("ThrottlingBurstLimit").toString());
    }
  }

  @Test
  void ingestConcurrencyIsCappedOnlyWhenAsked() {
    assertEquals(
        "{\"Fn::If\":[\"CapsIngestConcurrency\",{\"Ref\":\"IngestReservedConcurrency\"},"
            + "{\"Ref\":\"AWS::NoValue\"}]}",
        template
            .path("Resources")
            .path("IngestFunction")
            .path("Properties")
            .path("ReservedConcurrentExecutions")
            .toString());
  }

  @Test
  void outputsGiveTheBaseUrlAndEachEndpointWithoutATrailingSlash() {
    JsonNode outputs = template.path("Outputs");
    for (String output :
        List.of(
            "ApiUrl", "EventsApiUrl", "EventsQueryUrl", "InvalidEventsQueryUrl", "DashboardUrl")) {
      assertFalse(outputs.path(output).isMissingNode(), "missing output " + output);
    }
    assertTrue(sub(outputs, "ApiUrl").endsWith("${AWS::URLSuffix}"), sub(outputs, "ApiUrl"));
    assertTrue(sub(outputs, "EventsApiUrl").endsWith("/api/v1/events"));
    assertTrue(sub(outputs, "EventsQueryUrl").endsWith("/api/v1/events"));
    assertTrue(sub(outputs, "InvalidEventsQueryUrl").endsWith("/api/v1/invalid-events"));
  }

  @Test
  void everyRouteMayInvokeItsFunctionsAlias() {
    List<String> permissions = new ArrayList<>();
    template
        .path("Resources")
        .properties()
        .forEach(
            resource -> {
              if (resource.getValue().path("Type").asText().equals("AWS::Lambda::Permission")) {
                permissions.add(
                    resource.getValue().path("Properties").path("FunctionName").toString());
              }
            });
    // One permission per route event, each on the alias the route integrates with.
    int routes = 0;
    for (String path : paths()) {
      routes += body().path("paths").path(path).size();
    }
    SamTemplate source = Templates.theTemplate();
    int routeEvents = 0;
    for (String function : Templates.functions(source)) {
      routeEvents += Templates.events(source, function, "HttpApi").size();
    }
    assertEquals(routeEvents, routes, "one route per HttpApi event of the template");
    assertEquals(routes, permissions.size(), permissions.toString());
    assertTrue(permissions.stream().allMatch(p -> p.contains("Aliaslive")), permissions.toString());
  }

  private JsonNode body() {
    return template.path("Resources").path("EventsApi").path("Properties").path("Body");
  }

  private List<String> paths() {
    List<String> paths = new ArrayList<>();
    body().path("paths").fieldNames().forEachRemaining(paths::add);
    return paths;
  }

  /**
   * The alias a request reaches, by HTTP APIs' documented matching ("Routing API requests", API
   * Gateway Developer Guide): a route whose path equals the request's, else one whose path
   * variables ({@code {user_id}}, one segment each) match its segments, else the route whose greedy
   * path variable ({@code {proxy+}}) catches it as a child resource, the longest such prefix first.
   */
  private Optional<String> functionFor(String method, String requestPath) {
    JsonNode paths = body().path("paths");
    String chosen = null;
    if (paths.path(requestPath).has(method)) {
      chosen = requestPath;
    } else {
      for (String path : paths()) {
        if (!path.contains("+}")
            && paths.path(path).has(method)
            && variablesMatch(path, requestPath)) {
          chosen = path;
        }
      }
    }
    if (chosen == null) {
      int longest = -1;
      for (String path : paths()) {
        if (path.endsWith("/{proxy+}") && paths.path(path).has(method)) {
          String parent = path.substring(0, path.length() - "{proxy+}".length());
          if (requestPath.startsWith(parent)
              && requestPath.length() > parent.length()
              && parent.length() > longest) {
            chosen = path;
            longest = parent.length();
          }
        }
      }
    }
    return chosen == null
        ? Optional.empty()
        : Optional.of(integration(paths.path(chosen).path(method)));
  }

  /**
   * Whether a route path with {@code {name}} segments matches a request path segment by segment.
   */
  private static boolean variablesMatch(String routePath, String requestPath) {
    String[] route = routePath.split("/", -1);
    String[] request = requestPath.split("/", -1);
    if (route.length != request.length || !routePath.contains("{")) {
      return false;
    }
    for (int i = 0; i < route.length; i++) {
      boolean variable = route[i].startsWith("{") && route[i].endsWith("}");
      if (variable ? request[i].isEmpty() : !route[i].equals(request[i])) {
        return false;
      }
    }
    return true;
  }

  /** The alias an operation of the API's body integrates with. */
  private static String integration(JsonNode operation) {
    String uri =
        operation.path("x-amazon-apigateway-integration").path("uri").path("Fn::Sub").asText();
    return uri.replaceAll(".*functions/\\$\\{([A-Za-z]+)}/invocations", "$1");
  }

  private static String sub(JsonNode outputs, String name) {
    return outputs.path(name).path("Value").path("Fn::Sub").asText();
  }
}

package com.theeye.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.theeye.testsupport.Fixtures;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docs/API.md (for people) and docs/openapi.yaml (for machines, and the Swagger UI of {@code make
 * run}) describe the same API: the same operations, the same statuses for each, and every error
 * body openapi.yaml shows is written in API.md, in the operation's section or under "Every path".
 * That the handlers answer what openapi.yaml says is local-runner's {@code OpenApiDocumentTest}.
 */
class ApiReferenceTest {

  private static final String API_MD = "docs/API.md";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNode OPENAPI =
      JSON.valueToTree(new Yaml().load(Fixtures.read("docs/openapi.yaml")));
  private static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete");

  /** A heading that names one operation, e.g. {@code ### `GET /api/v1/events/`}. */
  private static final Pattern OPERATION_HEADING =
      Pattern.compile("(?m)^(#{2,4}) `(GET|POST|PUT|PATCH|DELETE) (/[^`]*)`$");

  /** A table row that starts with statuses: {@code | 400 |} or {@code | 405, 414, 431 |}. */
  private static final Pattern STATUS_ROW =
      Pattern.compile("(?m)^\\| ((?:[1-5]\\d\\d)(?:, [1-5]\\d\\d)*) \\|");

  @Test
  void bothDescribeTheSameOperations() {
    assertEquals(openApiOperations().keySet(), apiMdSections().keySet());
  }

  @Test
  void eachOperationHasTheSameErrorStatusesInBoth() {
    Map<String, String> sections = apiMdSections();
    openApiOperations()
        .forEach(
            (operation, body) -> {
              Set<Integer> documented = new TreeSet<>();
              Matcher row = STATUS_ROW.matcher(sections.getOrDefault(operation, ""));
              while (row.find()) {
                for (String status : row.group(1).split(", ")) {
                  documented.add(Integer.parseInt(status));
                }
              }
              assertEquals(
                  statuses(body, 400),
                  documented,
                  operation + ": the error statuses of openapi.yaml, and of its tables in API.md");
            });
  }

  @Test
  void eachOperationsSuccessIsNamedInItsSection() {
    Map<String, String> sections = apiMdSections();
    openApiOperations()
        .forEach(
            (operation, body) -> {
              for (int status : statuses(body, 200)) {
                if (status < 400) {
                  assertTrue(
                      sections.get(operation).contains("**" + status),
                      operation + ": API.md names its " + status + " in bold");
                }
              }
            });
  }

  @Test
  void everyErrorBodyOfOpenApiIsWrittenInApiMd() {
    Map<String, String> sections = apiMdSections();
    String everyPath = section(Fixtures.read(API_MD), "## Every path");
    List<String> missing = new ArrayList<>();
    openApiOperations()
        .forEach(
            (operation, body) ->
                body.path("responses")
                    .properties()
                    .forEach(
                        response -> {
                          JsonNode example =
                              resolve(response.getValue())
                                  .path("content")
                                  .path("application/json")
                                  .path("example");
                          if (Integer.parseInt(response.getKey()) >= 400
                              && !example.isMissingNode()) {
                            String written = "`" + asWritten(example) + "`";
                            if (!sections.get(operation).contains(written)
                                && !everyPath.contains(written)) {
                              missing.add(operation + " " + response.getKey() + ": " + written);
                            }
                          }
                        }));
    assertEquals(List.of(), missing, "error bodies of openapi.yaml that API.md does not show");
  }

  /** "POST /api/v1/events/" to the operation's object in openapi.yaml. */
  private static Map<String, JsonNode> openApiOperations() {
    Map<String, JsonNode> operations = new TreeMap<>();
    OPENAPI
        .path("paths")
        .properties()
        .forEach(
            path -> {
              for (String method : METHODS) {
                JsonNode operation = path.getValue().get(method);
                if (operation != null) {
                  operations.put(method.toUpperCase() + " " + path.getKey(), operation);
                }
              }
            });
    return operations;
  }

  /** "POST /api/v1/events/" to its section of API.md: from its heading to the next of its level. */
  private static Map<String, String> apiMdSections() {
    String text = Fixtures.read(API_MD);
    Map<String, String> sections = new TreeMap<>();
    Matcher heading = OPERATION_HEADING.matcher(text);
    while (heading.find()) {
      String operation = heading.group(2) + " " + heading.group(3);
      assertEquals(null, sections.put(operation, section(text, heading.group())), operation);
    }
    return sections;
  }

  /** From the heading line to the next heading of the same or a higher level. */
  private static String section(String text, String headingLine) {
    int start = text.indexOf("\n" + headingLine + "\n");
    assertTrue(start >= 0, API_MD + " has " + headingLine);
    int level = headingLine.indexOf(' ');
    Matcher next = Pattern.compile("(?m)^#{1," + level + "} ").matcher(text);
    int end = next.find(start + headingLine.length() + 2) ? next.start() : text.length();
    return text.substring(start, end);
  }

  private static Set<Integer> statuses(JsonNode operation, int atLeast) {
    Set<Integer> statuses = new TreeSet<>();
    for (Iterator<String> it = operation.path("responses").fieldNames(); it.hasNext(); ) {
      int status = Integer.parseInt(it.next());
      if (atLeast >= 400 ? status >= 400 : status < 400) {
        statuses.add(status);
      }
    }
    return statuses;
  }

  /** A response, or the shared response its {@code $ref} names. */
  private static JsonNode resolve(JsonNode response) {
    JsonNode ref = response.get("$ref");
    if (ref == null) {
      return response;
    }
    JsonNode target = OPENAPI;
    for (String part : ref.asText().substring(2).split("/")) {
      target = target.path(part);
    }
    return target;
  }

  /** JSON as the docs write it: {@code {"detail": "..."}}, a space after each colon and comma. */
  static String asWritten(JsonNode node) {
    if (node.isObject()) {
      List<String> members = new ArrayList<>();
      node.properties()
          .forEach(m -> members.add(text(m.getKey()) + ": " + asWritten(m.getValue())));
      return "{" + String.join(", ", members) + "}";
    }
    if (node.isArray()) {
      List<String> items = new ArrayList<>();
      node.forEach(item -> items.add(asWritten(item)));
      return "[" + String.join(", ", items) + "]";
    }
    return node.isTextual() ? text(node.asText()) : node.toString();
  }

  private static String text(String value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}

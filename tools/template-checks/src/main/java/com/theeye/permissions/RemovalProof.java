package com.theeye.permissions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.theeye.deployment.SamTemplate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Proves the check can fail: for each (function, action) the recording needs and the template
 * grants, that action is removed from the function's role in the translated template and the check
 * must then fail naming it. A check that passes whatever the roles say would pass here too; this is
 * where it would show.
 */
final class RemovalProof {

  private RemovalProof() {}

  /** The proof's lines for the report; those starting with {@code FAIL} fail the check. */
  static List<String> run(
      JsonNode translated,
      SamTemplate source,
      Recording recording,
      Findings findings,
      ShippedCode shipped) {
    Set<List<String>> pairs = new LinkedHashSet<>();
    findings.grants().stream()
        .filter(g -> g.used() && !g.statement().fromThePlatform())
        .forEach(g -> pairs.add(List.of(g.function(), g.action())));
    List<String> lines = new ArrayList<>();
    List<String> proven = new ArrayList<>();
    for (List<String> pair : pairs) {
      String function = pair.get(0);
      String action = pair.get(1);
      JsonNode mutated = without(translated, source, function, action);
      Findings after =
          PermissionAudit.audit(
              DeployedFunctions.read(mutated, source),
              new DeployedNames(mutated),
              recording,
              shipped);
      boolean caught =
          after.denials().stream()
              .anyMatch(
                  d -> d.function().equals(function) && d.need().action().equalsIgnoreCase(action));
      if (caught) {
        proven.add(function + " " + action);
      } else {
        lines.add(
            "FAIL removal proof: with "
                + action
                + " removed from "
                + function
                + "'s role the check still passes: a wildcard or another policy grants it too");
      }
    }
    lines.add(
        0,
        "Removal proof: each (function, action) above, removed from the translated template, fails"
            + " the check naming it: "
            + proven.size()
            + " of "
            + pairs.size()
            + " ("
            + String.join(", ", proven)
            + ")");
    lines.add("");
    return lines;
  }

  /** The translated template with {@code action} taken out of every statement of the role. */
  static JsonNode without(JsonNode translated, SamTemplate source, String function, String action) {
    JsonNode copy = translated.deepCopy();
    DeployedFunction target =
        DeployedFunctions.read(copy, source).stream()
            .filter(f -> f.name().equals(function))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no function " + function));
    String role = target.permissions().role();
    JsonNode resources = copy.path("Resources");
    for (JsonNode policy : resources.path(role).path("Properties").path("Policies")) {
      removeFrom(policy.path("PolicyDocument"), action);
    }
    resources
        .properties()
        .forEach(
            entry -> {
              for (JsonNode attached : entry.getValue().path("Properties").path("Roles")) {
                if (DeployedNames.referencedResource(attached).map(role::equals).orElse(false)) {
                  removeFrom(entry.getValue().path("Properties").path("PolicyDocument"), action);
                }
              }
            });
    return copy;
  }

  private static void removeFrom(JsonNode document, String action) {
    if (!(document instanceof ObjectNode object) || !object.has("Statement")) {
      return;
    }
    JsonNode statements = object.get("Statement");
    if (statements.isObject()) {
      object.putArray("Statement").add(statements);
    }
    ArrayNode list = (ArrayNode) object.get("Statement");
    for (int i = list.size() - 1; i >= 0; i--) {
      if (!(list.get(i) instanceof ObjectNode statement) || !statement.has("Action")) {
        continue;
      }
      JsonNode actions = statement.get("Action");
      if (actions instanceof ArrayNode names) {
        for (int j = names.size() - 1; j >= 0; j--) {
          if (names.get(j).asText().equalsIgnoreCase(action)) {
            names.remove(j);
          }
        }
      }
      if (actions.isTextual() && actions.asText().equalsIgnoreCase(action)
          || actions.isArray() && actions.isEmpty()) {
        list.remove(i);
      }
    }
  }
}

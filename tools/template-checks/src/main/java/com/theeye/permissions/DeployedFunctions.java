package com.theeye.permissions;

import com.fasterxml.jackson.databind.JsonNode;
import com.theeye.deployment.SamTemplate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The functions of a translated template with their roles' permissions: the inline policies SAM
 * generated from each function's {@code Policies} (and any {@code AWS::IAM::Policy} attached to the
 * role), and the managed policies in the role's {@code ManagedPolicyArns}, those SAM attaches on
 * its own (basic execution, X-Ray for {@code Tracing: Active}, an event source's poller) told apart
 * from those the template names.
 */
final class DeployedFunctions {

  private DeployedFunctions() {}

  /**
   * @param translated the SAM transform's output
   * @param source template.yaml, for the managed policies each function names itself
   * @throws IllegalArgumentException naming what the check cannot evaluate (a condition, a
   *     permissions boundary, a managed policy with no stored document)
   */
  static List<DeployedFunction> read(JsonNode translated, SamTemplate source) {
    DeployedNames names = new DeployedNames(translated);
    List<DeployedFunction> functions = new ArrayList<>();
    translated
        .path("Resources")
        .properties()
        .forEach(
            entry -> {
              if (entry.getValue().path("Type").asText().equals("AWS::Lambda::Function")) {
                functions.add(
                    function(entry.getKey(), entry.getValue(), translated, source, names));
              }
            });
    return functions;
  }

  private static DeployedFunction function(
      String logicalId,
      JsonNode resource,
      JsonNode translated,
      SamTemplate source,
      DeployedNames names) {
    JsonNode properties = resource.path("Properties");
    String handler = properties.path("Handler").asText();
    if (!handler.contains("::")) {
      throw new IllegalArgumentException(
          logicalId + " has no Java handler (Handler: " + handler + ")");
    }
    String type = handler.substring(0, handler.indexOf("::"));
    String codePackage = type.substring(0, type.lastIndexOf('.'));
    String name = codePackage.substring(codePackage.lastIndexOf('.') + 1);
    String role =
        DeployedNames.referencedResource(properties.path("Role"))
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        logicalId + "'s Role is not a role of the template"));
    Map<String, JsonNode> environment = new LinkedHashMap<>();
    properties
        .path("Environment")
        .path("Variables")
        .properties()
        .forEach(e -> environment.put(e.getKey(), e.getValue()));
    return new DeployedFunction(
        name,
        logicalId,
        codePackage,
        environment,
        new RolePermissions(role, statements(role, translated, namedBy(source, logicalId), names)));
  }

  private static List<IamStatement> statements(
      String role, JsonNode translated, Set<String> namedByTemplate, DeployedNames names) {
    JsonNode properties = translated.path("Resources").path(role).path("Properties");
    if (properties.has("PermissionsBoundary")) {
      throw new IllegalArgumentException(
          role + " has a permissions boundary, which the check does not evaluate");
    }
    List<IamStatement> statements = new ArrayList<>();
    for (JsonNode policy : properties.path("Policies")) {
      addStatements(role, policy.path("PolicyDocument"), "", names, statements);
    }
    translated
        .path("Resources")
        .properties()
        .forEach(
            entry -> {
              JsonNode policy = entry.getValue();
              boolean attached = false;
              for (JsonNode attachedRole : policy.path("Properties").path("Roles")) {
                attached |=
                    DeployedNames.referencedResource(attachedRole).map(role::equals).orElse(false);
              }
              String type = policy.path("Type").asText();
              if (attached
                  && (type.equals("AWS::IAM::Policy") || type.equals("AWS::IAM::ManagedPolicy"))) {
                addStatements(
                    entry.getKey(),
                    policy.path("Properties").path("PolicyDocument"),
                    "",
                    names,
                    statements);
              }
            });
    for (JsonNode reference : properties.path("ManagedPolicyArns")) {
      String arn = names.evaluate(reference);
      String name = ManagedPolicies.name(arn);
      ManagedPolicies.Stored stored =
          ManagedPolicies.forArn(arn)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          role
                              + " references the managed policy "
                              + name
                              + ", whose document is not stored in tools/template-checks/src/main/resources/"
                              + "com/theeye/permissions/managed-policies/"
                              + name
                              + ".json: copy it there from AWS's managed policy reference"));
      String grantedFor = namedByTemplate.contains(name) ? "" : stored.grantedFor();
      addStatements("managed policy " + name, stored.document(), grantedFor, names, statements);
    }
    return statements;
  }

  /** The managed policies a function's {@code Policies} names itself (by name or ARN). */
  private static Set<String> namedBy(SamTemplate source, String logicalId) {
    Set<String> named = new TreeSet<>();
    if (!source.section("Resources").containsKey(logicalId)) {
      return named;
    }
    Object policies = source.functionProperties(logicalId).get("Policies");
    List<?> list =
        policies instanceof List<?> l ? l : policies == null ? List.of() : List.of(policies);
    for (Object policy : list) {
      if (policy instanceof String text) {
        named.add(ManagedPolicies.name(text));
      }
    }
    return named;
  }

  private static void addStatements(
      String origin,
      JsonNode document,
      String grantedFor,
      DeployedNames names,
      List<IamStatement> into) {
    JsonNode statements = document.path("Statement");
    List<JsonNode> list = new ArrayList<>();
    if (statements.isArray()) {
      statements.forEach(list::add);
    } else if (statements.isObject()) {
      list.add(statements);
    }
    for (int i = 0; i < list.size(); i++) {
      JsonNode statement = list.get(i);
      String where =
          statement.has("Sid")
              ? origin + ", Sid " + statement.get("Sid").asText()
              : origin + (list.size() > 1 ? ", statement " + (i + 1) : "");
      if (statement.has("Condition")) {
        throw new IllegalArgumentException(
            where + " has a Condition, which the check does not evaluate");
      }
      String effect = statement.path("Effect").asText();
      if (!effect.equals("Allow") && !effect.equals("Deny")) {
        throw new IllegalArgumentException(where + " has Effect '" + effect + "'");
      }
      boolean notAction = statement.has("NotAction");
      boolean notResource = statement.has("NotResource");
      List<String> actions = new ArrayList<>();
      elements(statement.path(notAction ? "NotAction" : "Action"))
          .forEach(a -> actions.add(a.asText()));
      List<String> resources = new ArrayList<>();
      List<String> labels = new ArrayList<>();
      for (JsonNode resource : elements(statement.path(notResource ? "NotResource" : "Resource"))) {
        resources.add(names.evaluate(resource));
        labels.add(DeployedNames.label(resource));
      }
      into.add(
          new IamStatement(
              where,
              effect.equals("Allow"),
              actions,
              notAction,
              resources,
              labels,
              notResource,
              grantedFor));
    }
  }

  private static List<JsonNode> elements(JsonNode value) {
    List<JsonNode> elements = new ArrayList<>();
    if (value.isArray()) {
      value.forEach(elements::add);
    } else if (!value.isMissingNode()) {
      elements.add(value);
    }
    return elements;
  }
}

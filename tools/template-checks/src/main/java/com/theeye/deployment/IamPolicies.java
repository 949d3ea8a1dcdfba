package com.theeye.deployment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The permissions a template grants: inline statements and named policies (managed policy ARNs, SAM
 * policy templates) of its functions, roles and policies, so tests can hold them to least
 * privilege.
 */
public final class IamPolicies {

  /** One policy statement and the resource (function, role, policy) that carries it. */
  public record Statement(String owner, Map<String, Object> body) {

    public List<String> actions() {
      return strings(body.get("Action"));
    }

    public List<Object> resources() {
      return List.copyOf(SamTemplate.asList(body.get("Resource")));
    }

    private static List<String> strings(Object value) {
      return SamTemplate.asList(value).stream().map(String::valueOf).toList();
    }
  }

  private final SamTemplate template;

  public IamPolicies(SamTemplate template) {
    this.template = template;
  }

  /** Every inline statement, from functions' {@code Policies} and from IAM roles and policies. */
  public List<Statement> statements() {
    List<Statement> statements = new ArrayList<>();
    for (String function : template.resourcesOfType("AWS::Serverless::Function")) {
      for (Object policy : SamTemplate.asList(template.properties(function).get("Policies"))) {
        if (policy instanceof Map<?, ?> map && map.containsKey("Statement")) {
          addStatements(function, map.get("Statement"), statements);
        }
      }
    }
    for (String role : template.resourcesOfType("AWS::IAM::Role")) {
      for (Object policy : SamTemplate.asList(template.properties(role).get("Policies"))) {
        Object document = SamTemplate.asMap(policy, role + ".Policies").get("PolicyDocument");
        addStatements(
            role,
            SamTemplate.asMap(document, role + ".PolicyDocument").get("Statement"),
            statements);
      }
    }
    for (String type : List.of("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy")) {
      for (String policy : template.resourcesOfType(type)) {
        Object document = template.properties(policy).get("PolicyDocument");
        addStatements(
            policy,
            SamTemplate.asMap(document, policy + ".PolicyDocument").get("Statement"),
            statements);
      }
    }
    return statements;
  }

  /**
   * Names of policies granted by reference rather than by statement: managed policy names or ARNs
   * in a function's {@code Policies} or a role's {@code ManagedPolicyArns}, and SAM policy template
   * names.
   */
  public Set<String> namedPolicies() {
    Set<String> names = new TreeSet<>();
    for (String function : template.resourcesOfType("AWS::Serverless::Function")) {
      for (Object policy :
          SamTemplate.asList(template.functionProperties(function).get("Policies"))) {
        if (policy instanceof Map<?, ?> map) {
          map.keySet().stream()
              .map(String::valueOf)
              .filter(key -> !key.equals("Statement"))
              .forEach(names::add);
        } else {
          names.add(String.valueOf(policy));
        }
      }
    }
    for (String role : template.resourcesOfType("AWS::IAM::Role")) {
      SamTemplate.asList(template.properties(role).get("ManagedPolicyArns"))
          .forEach(arn -> names.add(String.valueOf(arn)));
    }
    return names;
  }

  /**
   * What {@code owner} may do, as {@code "action on LogicalId"} (the resource a {@code Ref} or
   * {@code Fn::GetAtt} names, or the literal resource string).
   */
  public Set<String> grants(String owner) {
    Set<String> grants = new TreeSet<>();
    for (Statement statement : statements()) {
      if (!statement.owner().equals(owner) || !"Allow".equals(statement.body().get("Effect"))) {
        continue;
      }
      for (String action : statement.actions()) {
        for (Object resource : statement.resources()) {
          grants.add(action + " on " + describe(resource));
        }
      }
    }
    return grants;
  }

  /**
   * The resource a statement names: the logical id a {@code Ref} or {@code Fn::GetAtt} names; for
   * {@code Fn::Sub} its text with each {@code ${Id.Arn}} shown as {@code Id} (e.g. {@code
   * EventsTable/index/by-category}); otherwise the literal.
   */
  static String describe(Object resource) {
    Optional<String> referenced = SamTemplate.referencedResource(resource);
    if (referenced.isPresent()) {
      return referenced.get();
    }
    if (resource instanceof Map<?, ?> map
        && map.size() == 1
        && map.get("Fn::Sub") instanceof String text) {
      return text.replaceAll("\\$\\{([A-Za-z0-9]+)\\.Arn}", "$1");
    }
    return String.valueOf(resource);
  }

  private static void addStatements(String owner, Object statements, List<Statement> into) {
    for (Object statement : SamTemplate.asList(statements)) {
      into.add(new Statement(owner, SamTemplate.asMap(statement, owner + ".Statement")));
    }
  }
}

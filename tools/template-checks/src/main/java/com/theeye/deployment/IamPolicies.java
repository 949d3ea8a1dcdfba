package com.theeye.deployment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The permissions a template grants: inline statements and named policies (managed policy ARNs, SAM
 * policy templates) of its functions, roles and policies, so tests can hold them to least
 * privilege. What each role may do on which resource, as deployed, is evaluated by the permission
 * check instead ({@code com.theeye.permissions}).
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

  private static void addStatements(String owner, Object statements, List<Statement> into) {
    for (Object statement : SamTemplate.asList(statements)) {
      into.add(new Statement(owner, SamTemplate.asMap(statement, owner + ".Statement")));
    }
  }
}

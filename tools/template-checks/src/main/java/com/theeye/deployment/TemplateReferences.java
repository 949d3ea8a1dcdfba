package com.theeye.deployment;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds references that name nothing: a {@code Ref}, {@code Fn::GetAtt}, {@code ${...}} in {@code
 * Fn::Sub}, {@code DependsOn} or condition name that no parameter, resource, pseudo parameter or
 * condition answers to. CloudFormation would reject such a template only at deploy time.
 */
public final class TemplateReferences {

  private static final Set<String> PSEUDO_PARAMETERS =
      Set.of(
          "AWS::AccountId",
          "AWS::NotificationARNs",
          "AWS::NoValue",
          "AWS::Partition",
          "AWS::Region",
          "AWS::StackId",
          "AWS::StackName",
          "AWS::URLSuffix");

  /**
   * {@code ${Name}} or {@code ${Resource.Attribute}}; {@code ${!Literal}} is an escape, not a
   * reference.
   */
  private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^!}][^}]*)}");

  private final Set<String> resources;
  private final Set<String> parameters;
  private final Set<String> conditions;
  private final List<String> problems = new ArrayList<>();

  private TemplateReferences(SamTemplate template) {
    this.resources = template.section("Resources").keySet();
    this.parameters = template.section("Parameters").keySet();
    this.conditions = template.section("Conditions").keySet();
  }

  /**
   * One message per dangling reference, naming where it is; empty when every reference resolves.
   */
  public static List<String> dangling(SamTemplate template) {
    TemplateReferences check = new TemplateReferences(template);
    for (String section : List.of("Conditions", "Globals", "Resources", "Outputs")) {
      check.walk(template.section(section), section);
    }
    return List.copyOf(check.problems);
  }

  private void walk(Object node, String path) {
    if (node instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        walk(list.get(i), path + "[" + i + "]");
      }
    } else if (node instanceof Map<?, ?> map) {
      map.forEach((key, value) -> visit(String.valueOf(key), value, path));
    }
  }

  private void visit(String key, Object value, String path) {
    String here = path + "." + key;
    switch (key) {
      case "Ref" -> {
        if (value instanceof String name && !isParameterOrResource(name)) {
          problems.add(here + ": !Ref " + name + " names no parameter or resource");
        }
      }
      case "Fn::GetAtt" -> {
        List<?> parts = SamTemplate.asList(value);
        if (parts.isEmpty()
            || !(parts.getFirst() instanceof String name)
            || !resources.contains(name)) {
          problems.add(here + ": !GetAtt " + parts + " names no resource");
        }
      }
      case "Fn::Sub" -> checkSub(value, here);
      case "Fn::If" -> {
        List<?> parts = SamTemplate.asList(value);
        if (parts.isEmpty()
            || !(parts.getFirst() instanceof String name)
            || !conditions.contains(name)) {
          problems.add(
              here
                  + ": !If "
                  + (parts.isEmpty() ? "[]" : parts.getFirst())
                  + " names no condition");
        }
      }
      case "Condition" -> {
        if (value instanceof String name && !conditions.contains(name)) {
          problems.add(here + ": condition " + name + " is not defined");
        }
      }
      case "DependsOn" -> {
        for (Object dependency : SamTemplate.asList(value)) {
          if (!resources.contains(String.valueOf(dependency))) {
            problems.add(here + ": DependsOn " + dependency + " names no resource");
          }
        }
      }
      default -> {}
    }
    walk(value, here);
  }

  private void checkSub(Object value, String here) {
    List<?> parts = SamTemplate.asList(value);
    if (parts.isEmpty() || !(parts.getFirst() instanceof String text)) {
      problems.add(here + ": !Sub needs a string");
      return;
    }
    Set<String> variables = new HashSet<>();
    if (parts.size() > 1 && parts.get(1) instanceof Map<?, ?> declared) {
      declared.keySet().forEach(name -> variables.add(String.valueOf(name)));
    }
    Matcher matcher = SUB_VARIABLE.matcher(text);
    while (matcher.find()) {
      String variable = matcher.group(1).trim();
      if (variables.contains(variable) || isParameterOrResource(variable)) {
        continue;
      }
      int dot = variable.indexOf('.');
      if (dot > 0 && resources.contains(variable.substring(0, dot))) {
        continue;
      }
      problems.add(here + ": ${" + variable + "} names no parameter, resource or variable");
    }
  }

  private boolean isParameterOrResource(String name) {
    return parameters.contains(name)
        || resources.contains(name)
        || PSEUDO_PARAMETERS.contains(name);
  }
}

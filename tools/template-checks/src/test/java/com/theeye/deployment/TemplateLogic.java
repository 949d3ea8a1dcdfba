package com.theeye.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What CloudFormation decides from a translated template and a set of parameter values before it
 * creates anything: whether the Rules hold, which Conditions are true, and so which resources exist
 * and which branch of each {@code Fn::If} a property takes. Only the functions the template uses in
 * Rules and Conditions are evaluated; any other fails the calling test, naming it.
 */
final class TemplateLogic {

  private final JsonNode template;
  private final Map<String, String> values;

  private TemplateLogic(JsonNode template, Map<String, String> values) {
    this.template = template;
    this.values = values;
  }

  /** The translated template at its defaults, with {@code overrides} for some parameters. */
  static TemplateLogic of(Map<String, String> overrides) {
    JsonNode translated = SamTranslator.translate(overrides);
    Map<String, String> values = new HashMap<>();
    translated
        .path("Parameters")
        .properties()
        .forEach(p -> values.put(p.getKey(), p.getValue().path("Default").asText()));
    values.putAll(overrides);
    return new TemplateLogic(translated, values);
  }

  /**
   * The same translated template with other values: for Rules, which CloudFormation evaluates on
   * the template as given, whatever the values.
   */
  TemplateLogic with(Map<String, String> overrides) {
    Map<String, String> changed = new HashMap<>(values);
    overrides.forEach(
        (name, value) -> {
          if (!changed.containsKey(name)) {
            throw new AssertionError(name + " is not a parameter");
          }
          changed.put(name, value);
        });
    return new TemplateLogic(template, changed);
  }

  JsonNode template() {
    return template;
  }

  /** Whether every assertion of every rule that applies holds, as CloudFormation checks them. */
  boolean rulesHold() {
    JsonNode rules = template.path("Rules");
    boolean all = true;
    for (JsonNode rule : (Iterable<JsonNode>) rules::elements) {
      if (!rule.has("RuleCondition") || truth(rule.get("RuleCondition"))) {
        for (JsonNode assertion : rule.path("Assertions")) {
          all &= truth(assertion.get("Assert"));
        }
      }
    }
    return all;
  }

  boolean condition(String name) {
    JsonNode condition = template.path("Conditions").path(name);
    if (condition.isMissingNode()) {
      throw new AssertionError("the template has no condition " + name);
    }
    return truth(condition);
  }

  /** The resources CloudFormation creates with these values: those without a false Condition. */
  Map<String, JsonNode> resources() {
    Map<String, JsonNode> created = new LinkedHashMap<>();
    template
        .path("Resources")
        .properties()
        .forEach(
            resource -> {
              JsonNode condition = resource.getValue().path("Condition");
              if (condition.isMissingNode() || condition(condition.asText())) {
                created.put(resource.getKey(), resource.getValue());
              }
            });
    return created;
  }

  /**
   * A property value with every {@code Fn::If} replaced by the branch these values take; {@code
   * null} for {@code AWS::NoValue} (the property is left out).
   */
  JsonNode resolve(JsonNode node) {
    if (node.isObject() && node.size() == 1 && node.has("Fn::If")) {
      JsonNode branches = node.get("Fn::If");
      return resolve(condition(branches.get(0).asText()) ? branches.get(1) : branches.get(2));
    }
    if (node.isObject() && node.size() == 1 && "AWS::NoValue".equals(node.path("Ref").asText())) {
      return null;
    }
    return node;
  }

  /** A parameter's value: its override, else its default. */
  String value(String parameter) {
    if (!values.containsKey(parameter)) {
      throw new AssertionError(parameter + " is not a parameter");
    }
    return values.get(parameter);
  }

  private boolean truth(JsonNode node) {
    Map.Entry<String, JsonNode> function = node.properties().iterator().next();
    JsonNode arguments = function.getValue();
    return switch (function.getKey()) {
      case "Fn::And" -> all(arguments);
      case "Fn::Or" -> any(arguments);
      case "Fn::Not" -> !truth(arguments.get(0));
      case "Fn::Equals" -> text(arguments.get(0)).equals(text(arguments.get(1)));
      case "Fn::Contains" -> {
        String needle = text(arguments.get(1));
        boolean found = false;
        for (JsonNode candidate : arguments.get(0)) {
          found |= text(candidate).equals(needle);
        }
        yield found;
      }
      case "Condition" -> condition(arguments.asText());
      default -> throw new AssertionError("no evaluator for " + function.getKey() + ": " + node);
    };
  }

  private boolean all(JsonNode conditions) {
    boolean all = true;
    for (JsonNode condition : conditions) {
      all &= truth(condition);
    }
    return all;
  }

  private boolean any(JsonNode conditions) {
    boolean any = false;
    for (JsonNode condition : conditions) {
      any |= truth(condition);
    }
    return any;
  }

  private String text(JsonNode node) {
    if (node.isObject() && node.has("Ref")) {
      String name = node.get("Ref").asText();
      if (name.equals("AWS::Partition")) {
        return "aws";
      }
      return value(name);
    }
    if (node.isValueNode()) {
      return node.asText();
    }
    throw new AssertionError("unexpected argument " + node);
  }
}

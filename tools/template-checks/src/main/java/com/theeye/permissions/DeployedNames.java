package com.theeye.permissions;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The values a translated template's intrinsic functions take once deployed, in one stand-in
 * account and region: what {@code Ref} and {@code Fn::GetAtt} give for each resource (a table's
 * name and ARN, a queue's URL and ARN, a secret's ARN), and {@code Fn::Sub} and {@code Fn::Join}
 * built from them. Policies and recorded calls are both turned into these ARNs, so they meet on the
 * same strings IAM compares.
 */
final class DeployedNames {

  static final String PARTITION = "aws";
  static final String REGION = "eu-west-1";
  static final String ACCOUNT = "123456789012";
  static final String STACK = "the-eye";

  private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

  private final JsonNode resources;
  private final JsonNode parameters;

  DeployedNames(JsonNode translated) {
    this.resources = translated.path("Resources");
    this.parameters = translated.path("Parameters");
  }

  /** The string {@code value} (a literal or an intrinsic function) evaluates to. */
  String evaluate(JsonNode value) {
    if (value.isTextual() || value.isNumber() || value.isBoolean()) {
      return value.asText();
    }
    if (value.isObject() && value.size() == 1) {
      Map.Entry<String, JsonNode> function = value.properties().iterator().next();
      JsonNode argument = function.getValue();
      switch (function.getKey()) {
        case "Ref" -> {
          return ref(argument.asText());
        }
        case "Fn::GetAtt" -> {
          return getAtt(argument.get(0).asText(), argument.get(1).asText());
        }
        case "Fn::Sub" -> {
          return argument.isArray()
              ? sub(argument.get(0).asText(), argument.get(1))
              : sub(argument.asText(), null);
        }
        case "Fn::Join" -> {
          List<String> parts = new ArrayList<>();
          argument.get(1).forEach(part -> parts.add(evaluate(part)));
          return String.join(argument.get(0).asText(), parts);
        }
        default -> {}
      }
    }
    throw new IllegalArgumentException("the check cannot evaluate " + value);
  }

  /** What {@code Ref} of a resource, parameter or pseudo parameter gives. */
  String ref(String name) {
    switch (name) {
      case "AWS::Partition":
        return PARTITION;
      case "AWS::Region":
        return REGION;
      case "AWS::AccountId":
        return ACCOUNT;
      case "AWS::StackName":
        return STACK;
      case "AWS::URLSuffix":
        return "amazonaws.com";
      default:
    }
    JsonNode parameter = parameters.path(name);
    if (!parameter.isMissingNode()) {
      return parameter.path("Default").asText();
    }
    String type = type(name);
    return switch (type) {
      case "AWS::SQS::Queue" ->
          "https://sqs." + REGION + ".amazonaws.com/" + ACCOUNT + "/" + physicalName(name);
      case "AWS::SecretsManager::Secret" -> secretArn(name);
      default -> physicalName(name);
    };
  }

  /** What {@code Fn::GetAtt} of a resource's attribute gives. */
  String getAtt(String logicalId, String attribute) {
    String type = type(logicalId);
    String name = physicalName(logicalId);
    return switch (type + "." + attribute) {
      case "AWS::DynamoDB::Table.Arn" -> arn("dynamodb", "table/" + name);
      case "AWS::DynamoDB::Table.StreamArn" -> arn("dynamodb", "table/" + name + "/stream/1");
      case "AWS::SQS::Queue.Arn" -> arn("sqs", name);
      case "AWS::SQS::Queue.QueueName" -> name;
      case "AWS::SQS::Queue.QueueUrl" -> ref(logicalId);
      case "AWS::SecretsManager::Secret.Id" -> secretArn(logicalId);
      case "AWS::IAM::Role.Arn" -> "arn:" + PARTITION + ":iam::" + ACCOUNT + ":role/" + name;
      default -> arn(type.split("::")[1].toLowerCase(java.util.Locale.ROOT), name);
    };
  }

  /**
   * The name CloudFormation gives a resource: its name property when the template sets one, else a
   * generated {@code <stack>-<LogicalId>-<suffix>}.
   */
  String physicalName(String logicalId) {
    JsonNode properties = resource(logicalId).path("Properties");
    for (String property : List.of("TableName", "QueueName", "Name", "FunctionName")) {
      if (properties.has(property)) {
        return evaluate(properties.get(property));
      }
    }
    return STACK + "-" + logicalId + "-GENERATED";
  }

  String type(String logicalId) {
    return resource(logicalId).path("Type").asText();
  }

  private JsonNode resource(String logicalId) {
    JsonNode resource = resources.path(logicalId);
    if (resource.isMissingNode()) {
      throw new IllegalArgumentException("the translated template has no resource " + logicalId);
    }
    return resource;
  }

  private String secretArn(String logicalId) {
    // Secrets Manager appends six random characters to a secret's name in its ARN.
    return arn("secretsmanager", "secret:" + physicalName(logicalId) + "-AbCdEf");
  }

  private static String arn(String service, String resource) {
    return "arn:" + PARTITION + ":" + service + ":" + REGION + ":" + ACCOUNT + ":" + resource;
  }

  private String sub(String text, JsonNode variables) {
    Matcher matcher = SUB_VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String variable = matcher.group(1);
      String replacement;
      if (variable.startsWith("!")) {
        replacement = "${" + variable.substring(1) + "}";
      } else if (variables != null && variables.has(variable)) {
        replacement = evaluate(variables.get(variable));
      } else if (!variable.startsWith("AWS::") && variable.contains(".")) {
        int dot = variable.indexOf('.');
        replacement = getAtt(variable.substring(0, dot), variable.substring(dot + 1));
      } else {
        replacement = ref(variable);
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  /** The logical id a {@code Ref} or {@code Fn::GetAtt} names, if {@code value} is one. */
  static Optional<String> referencedResource(JsonNode value) {
    if (value.isObject() && value.size() == 1) {
      if (value.has("Ref")) {
        return Optional.of(value.get("Ref").asText());
      }
      if (value.has("Fn::GetAtt")) {
        return Optional.of(value.get("Fn::GetAtt").get(0).asText());
      }
    }
    return Optional.empty();
  }

  /**
   * How a policy's resource reads in a report: the logical id a {@code Ref} or {@code Fn::GetAtt}
   * names, a {@code Fn::Sub} with each {@code ${Id.Arn}} shown as {@code Id} (e.g. {@code
   * EventsTable/index/by-category}), or the literal.
   */
  static String label(JsonNode value) {
    Optional<String> referenced = referencedResource(value);
    if (referenced.isPresent()) {
      return referenced.get();
    }
    if (value.isObject() && value.has("Fn::Sub") && value.get("Fn::Sub").isTextual()) {
      return value.get("Fn::Sub").asText().replaceAll("\\$\\{([A-Za-z0-9]+)\\.Arn}", "$1");
    }
    return value.isTextual() ? value.asText() : value.toString();
  }
}

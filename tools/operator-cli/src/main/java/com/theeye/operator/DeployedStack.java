package com.theeye.operator;

import com.theeye.aws.AwsClients;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;

/**
 * A deployed stack as the operator tools read it ({@code --stack NAME}): its outputs and its
 * parameters. DescribeStacks lists every parameter with its value, defaults included.
 */
record DeployedStack(String name, Map<String, String> outputs, Map<String, String> parameters) {

  DeployedStack {
    Objects.requireNonNull(name, "name");
    outputs = Map.copyOf(outputs);
    parameters = Map.copyOf(parameters);
  }

  /** Reads the stack {@code name} with the region and credentials of {@code clients}. */
  static DeployedStack describe(AwsClients clients, String name) {
    try (CloudFormationClient cloudFormation = clients.build(CloudFormationClient.builder())) {
      return of(cloudFormation.describeStacks(b -> b.stackName(name)).stacks().getFirst());
    }
  }

  static DeployedStack of(Stack stack) {
    return new DeployedStack(
        stack.stackName(),
        stack.outputs().stream()
            .collect(Collectors.toMap(Output::outputKey, Output::outputValue, (a, b) -> a)),
        stack.parameters().stream()
            .collect(
                Collectors.toMap(Parameter::parameterKey, Parameter::parameterValue, (a, b) -> a)));
  }

  /**
   * The output {@code key}'s value.
   *
   * @throws IllegalStateException naming the output the stack lacks
   */
  String output(String key) {
    String value = outputs.get(key);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          "stack " + name + " has no output " + key + ": is it The Eye's stack?");
    }
    return value;
  }

  /** The parameter {@code key}'s value, or {@code otherwise} for a stack deployed without it. */
  String parameter(String key, String otherwise) {
    return parameters.getOrDefault(key, otherwise);
  }
}

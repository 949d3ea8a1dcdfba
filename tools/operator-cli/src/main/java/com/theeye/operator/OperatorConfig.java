package com.theeye.operator;

import com.theeye.aws.AwsClients;
import com.theeye.config.Environment;
import com.theeye.config.EnvironmentException;
import com.theeye.config.EnvironmentVariables;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * What the operator tools read from the environment: the table (the stack's {@code
 * ApplicationsTableName} output), the region, and optionally {@code AWS_ENDPOINT_URL} for a local
 * stack (LocalStack, dynalite) and {@code DELETIONS_TABLE} (the stack's {@code DeletionsTableName}
 * output) for {@code applications lift-suppression}.
 */
public record OperatorConfig(
    String applicationsTable, AwsClients clients, Optional<String> deletionsTable) {

  public static final String APPLICATIONS_TABLE = "APPLICATIONS_TABLE";
  public static final String AWS_ENDPOINT_URL = "AWS_ENDPOINT_URL";
  public static final String DELETIONS_TABLE = "DELETIONS_TABLE";

  private static final EnvironmentVariables VARIABLES =
      EnvironmentVariables.required(APPLICATIONS_TABLE, "AWS_REGION")
          .optional(AWS_ENDPOINT_URL, DELETIONS_TABLE);

  /**
   * Reads the environment.
   *
   * @throws EnvironmentException naming the first variable that is missing or malformed
   */
  public static OperatorConfig fromEnv(Map<String, String> env) {
    Environment read = VARIABLES.read(env);
    String table = read.text(APPLICATIONS_TABLE);
    AwsClients clients = AwsClients.fromEnvironment(env);
    Optional<URI> endpoint = read.url(AWS_ENDPOINT_URL);
    // The SDK would read AWS_ENDPOINT_URL itself; passing it explicitly makes the choice visible
    // and testable.
    if (endpoint.isPresent()) {
      clients =
          new AwsClients(
              clients.region(), endpoint, clients.credentials(), clients.apiCallTimeout());
    }
    return new OperatorConfig(
        table, clients, Optional.of(read.text(DELETIONS_TABLE, "")).filter(t -> !t.isBlank()));
  }
}

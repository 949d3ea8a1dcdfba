package com.theeye.operator;

import com.theeye.aws.AwsClients;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Optional;

/**
 * What the operator tools read from the environment: the table (the stack's {@code
 * ApplicationsTableName} output), the region, and optionally {@code AWS_ENDPOINT_URL} for a local
 * stack (LocalStack, dynalite).
 */
public record OperatorConfig(String applicationsTable, AwsClients clients) {

  public static final String APPLICATIONS_TABLE = "APPLICATIONS_TABLE";
  public static final String AWS_ENDPOINT_URL = "AWS_ENDPOINT_URL";

  /**
   * Reads the environment, failing with the name of the first variable that is missing or
   * malformed.
   */
  public static OperatorConfig fromEnv(Map<String, String> env) {
    String table = env.get(APPLICATIONS_TABLE);
    if (table == null || table.isBlank()) {
      throw new IllegalStateException(
          APPLICATIONS_TABLE
              + " is not set: use the stack's ApplicationsTableName output (sam list stack-outputs)");
    }
    AwsClients clients = AwsClients.fromEnvironment(env);
    Optional<URI> endpoint = endpoint(env.get(AWS_ENDPOINT_URL));
    // The SDK would read AWS_ENDPOINT_URL itself; passing it explicitly makes the choice visible
    // and testable.
    if (endpoint.isPresent()) {
      clients =
          new AwsClients(
              clients.region(), endpoint, clients.credentials(), clients.apiCallTimeout());
    }
    return new OperatorConfig(table, clients);
  }

  private static Optional<URI> endpoint(String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(value.trim());
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new URISyntaxException(value, "needs a scheme and host, e.g. http://localhost:4566");
      }
      return Optional.of(uri);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(
          AWS_ENDPOINT_URL + " is not a URL: '" + value + "' (" + e.getReason() + ")", e);
    }
  }
}

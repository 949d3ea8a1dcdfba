package com.theeye.operator;

import com.theeye.aws.AwsClients;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The Applications table {@code make applications} changes, found as {@code make replay} finds its
 * target: a deployed stack's with {@code --stack NAME} (its outputs, the region and credentials of
 * the environment); the one APPLICATIONS_TABLE names (with AWS_REGION, and AWS_ENDPOINT_URL for
 * LocalStack); otherwise the running {@code make run}'s, from its {@code endpoints.json}. Beside
 * it, the same deployment's Deletions table, which {@code lift-suppression} changes.
 *
 * @param deletionsTable the Deletions table: the stack's {@code DeletionsTableName} output,
 *     DELETIONS_TABLE, or the runner's; empty for a stack deployed before there was one
 * @param where the table and where it lives, said once so an operator sees which stack they change
 */
record ApplicationsTarget(
    String table,
    AwsClients clients,
    TrustCaches caches,
    String where,
    Optional<String> deletionsTable) {

  static final String APPLICATIONS_TABLE_OUTPUT = "ApplicationsTableName";
  static final String DELETIONS_TABLE_OUTPUT = "DeletionsTableName";

  ApplicationsTarget {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(deletionsTable, "deletionsTable");
    Objects.requireNonNull(clients, "clients");
    Objects.requireNonNull(caches, "caches");
    Objects.requireNonNull(where, "where");
  }

  /**
   * The table the environment and the {@code --stack} option point at.
   *
   * @throws com.theeye.config.EnvironmentException naming a variable that is missing or bad
   * @throws IllegalStateException when no stack is named and no {@code make run} is running
   * @throws software.amazon.awssdk.core.exception.SdkException when the stack cannot be described
   */
  static ApplicationsTarget resolve(Optional<String> stack, Map<String, String> env) {
    if (stack.isPresent()) {
      AwsClients clients = AwsClients.fromEnvironment(env);
      return of(DeployedStack.describe(clients, stack.get()), clients);
    }
    if (env.containsKey(OperatorConfig.APPLICATIONS_TABLE)) {
      OperatorConfig config = OperatorConfig.fromEnv(env);
      return new ApplicationsTarget(
          config.applicationsTable(),
          config.clients(),
          TrustCaches.assumedDefaults(),
          "table "
              + config.applicationsTable()
              + " (APPLICATIONS_TABLE) in "
              + config.clients().region()
              + config.clients().endpoint().map(e -> " at " + e).orElse(""),
          config.deletionsTable());
    }
    LocalRun run = LocalRun.find(env);
    return new ApplicationsTarget(
        run.applicationsTable(),
        LocalRun.clients(run.dynamoDbEndpoint()),
        TrustCaches.localRun(),
        "table "
            + run.applicationsTable()
            + " of the running make run ("
            + run.api()
            + ", dynalite at "
            + run.dynamoDbEndpoint()
            + ")",
        run.deletionsTable());
  }

  /** A deployed stack's table and cache times, reached with {@code clients}. */
  static ApplicationsTarget of(DeployedStack stack, AwsClients clients) {
    String table = stack.output(APPLICATIONS_TABLE_OUTPUT);
    return new ApplicationsTarget(
        table,
        clients,
        TrustCaches.of(stack),
        "table " + table + " of stack " + stack.name() + " in " + clients.region(),
        Optional.ofNullable(stack.outputs().get(DELETIONS_TABLE_OUTPUT)).filter(t -> !t.isBlank()));
  }
}

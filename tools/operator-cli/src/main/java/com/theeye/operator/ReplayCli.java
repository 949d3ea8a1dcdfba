package com.theeye.operator;

import com.theeye.aws.AwsClients;
import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@code make replay}: puts the invalid events of a window back through the processor ({@link
 * Replayer}). Against the running {@code make run} without settings (it reads {@code
 * EYE_DATA_DIR/endpoints.json}); against AWS with {@code --stack NAME}, reading the stack's outputs
 * with the region and credentials of the environment. See docs/OPERATIONS.md.
 */
public final class ReplayCli {

  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;

  private ReplayCli() {}

  public static void main(String[] args) {
    System.exit(run(List.of(args), System.getenv(), System.out, System.err));
  }

  /** Runs a replay with the settings {@code env} gives; returns the exit code. */
  public static int run(
      List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
    ReplayOptions options;
    try {
      options = ReplayOptions.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("replay: " + e.getMessage());
      err.println(ReplayOptions.USAGE);
      return USAGE;
    }
    try {
      AwsClients clients;
      ReplayTarget target;
      if (options.stack().isPresent()) {
        clients = AwsClients.fromEnvironment(env);
        clients =
            new AwsClients(clients.region(), Optional.empty(), clients.credentials(), TIMEOUT);
        target = ReplayTarget.fromStack(DeployedStack.describe(clients, options.stack().get()));
      } else {
        target = ReplayTarget.of(LocalRun.find(env));
        clients = null;
      }
      return run(options, target, clients, out);
    } catch (IllegalStateException e) {
      err.println("replay: " + e.getMessage());
      return FAILED;
    } catch (SdkException e) {
      err.println("replay: an AWS call failed: " + e.getMessage());
      return FAILED;
    }
  }

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private static int run(
      ReplayOptions options, ReplayTarget target, AwsClients awsClients, PrintStream out) {
    AwsClients dynamoDbClients = awsClients != null ? awsClients : local(target.dynamoDbEndpoint());
    AwsClients sqsClients = awsClients != null ? awsClients : local(target.sqsEndpoint());
    try (DynamoDbClient dynamoDb = dynamoDbClients.dynamoDb();
        SqsClient sqs = sqsClients.build(SqsClient.builder())) {
      out.println(
          (options.dryRun() ? "dry run: " : "")
              + "replaying invalid events received from "
              + options.from()
              + " to "
              + options.to()
              + " ("
              + options.application().map(a -> "application " + a).orElse("every application")
              + options.category().map(c -> ", category '" + c + "'").orElse("")
              + options.name().map(n -> ", name '" + n + "'").orElse("")
              + ")");
      ReplayReport report =
          new Replayer(dynamoDb, sqs, target, Clock.systemUTC(), out).replay(options);
      out.print(report.describe());
      return OK;
    }
  }

  private static AwsClients local(Optional<URI> endpoint) {
    return LocalRun.clients(endpoint.orElseThrow());
  }
}

package com.theeye.operator;

import com.theeye.aws.AwsClients;
import java.io.PrintStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ExportDescription;

/**
 * {@code export --stack NAME --to s3://bucket/prefix [--from ISO]}: starts DynamoDB's export of the
 * stack's Events table to S3 ({@link EventsExport}) and prints how to follow it. Reads AWS_REGION
 * and the SDK's default credentials; see docs/OPERATIONS.md for the IAM it needs.
 */
public final class ExportCli {

  static final String USAGE_TEXT =
      """
      usage: export --stack NAME --to s3://bucket/prefix [--from 2026-03-01T00:00:00Z]
             without --from: the whole Events table as of now
             with --from: what changed from then, up to 24 hours (at least 15 minutes ago)
      environment: AWS_REGION (required); AWS_ENDPOINT_URL (optional)""";

  private ExportCli() {}

  public static void main(String[] args) {
    System.exit(run(List.of(args), System.getenv(), System.out, System.err));
  }

  static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
    Arguments parsed;
    EventsExport export;
    try {
      parsed = Arguments.of(args);
      export = EventsExport.to(parsed.to(), parsed.from());
      if (parsed.from().isPresent()) {
        export.until(Instant.now());
      }
    } catch (IllegalArgumentException e) {
      err.println("export: " + e.getMessage());
      err.println(USAGE_TEXT);
      return ApplicationsCli.USAGE;
    }
    if (env.get("AWS_REGION") == null) {
      err.println("export: AWS_REGION is not set");
      return ApplicationsCli.USAGE;
    }
    AwsClients clients = AwsClients.fromEnvironment(env);
    try (CloudFormationClient cloudFormation = clients.build(CloudFormationClient.builder());
        DynamoDbClient dynamoDb = clients.dynamoDb()) {
      String table = eventsTable(cloudFormation, parsed.stack());
      String tableArn = dynamoDb.describeTable(b -> b.tableName(table)).table().tableArn();
      Instant now = Instant.now();
      ExportDescription started =
          dynamoDb
              .exportTableToPointInTime(export.request(tableArn, now, UUID.randomUUID().toString()))
              .exportDescription();
      out.println("export started: " + started.exportArn());
      out.println("  table  " + table + " (" + started.exportType() + ")");
      out.println("  to     s3://" + export.bucket() + "/" + export.prefix());
      if (export.from().isPresent()) {
        out.println("  from   " + export.from().get() + " until " + export.until(now));
        out.println("  next   --from " + export.until(now));
      }
      out.println("follow it with:");
      out.println(
          "  aws dynamodb describe-export --export-arn "
              + started.exportArn()
              + " --query 'ExportDescription.[ExportStatus,ItemCount,ExportManifest]'");
      return ApplicationsCli.OK;
    } catch (SdkException | IllegalStateException e) {
      err.println("export: " + e.getMessage());
      return ApplicationsCli.FAILED;
    }
  }

  private static String eventsTable(CloudFormationClient cloudFormation, String stack) {
    return cloudFormation
        .describeStacks(b -> b.stackName(stack))
        .stacks()
        .getFirst()
        .outputs()
        .stream()
        .filter(output -> output.outputKey().equals("EventsTableName"))
        .map(Output::outputValue)
        .findFirst()
        .orElseThrow(
            () -> new IllegalStateException("stack " + stack + " has no EventsTableName output"));
  }

  /** The command line, read strictly: each option once, nothing else. */
  record Arguments(String stack, String to, Optional<Instant> from) {

    static Arguments of(List<String> args) {
      String stack = null;
      String to = null;
      Instant from = null;
      for (int i = 0; i < args.size(); i += 2) {
        String option = args.get(i);
        if (i + 1 >= args.size()) {
          throw new IllegalArgumentException(option + " needs a value");
        }
        String value = args.get(i + 1);
        switch (option) {
          case "--stack" -> stack = value;
          case "--to" -> to = value;
          case "--from" -> {
            try {
              from = Instant.parse(value);
            } catch (DateTimeParseException e) {
              throw new IllegalArgumentException(
                  "--from must be an ISO-8601 instant like 2026-03-01T00:00:00Z, not " + value);
            }
          }
          default -> throw new IllegalArgumentException("unknown option " + option);
        }
      }
      if (stack == null || to == null) {
        throw new IllegalArgumentException("--stack and --to are required");
      }
      return new Arguments(stack, to, Optional.ofNullable(from));
    }
  }
}

package com.theeye.operator;

import com.theeye.config.EnvironmentException;
import com.theeye.store.TrustedApplication;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * {@code applications add --name NAME | list | disable ID | enable ID}: manages the trusted
 * applications of a deployment. Reads APPLICATIONS_TABLE, AWS_REGION and optionally
 * AWS_ENDPOINT_URL; see docs/OPERATIONS.md.
 */
public final class ApplicationsCli {

  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;

  static final String ENVIRONMENT_TEXT =
      "environment: APPLICATIONS_TABLE (the stack's ApplicationsTableName output, see `sam list"
          + " stack-outputs`) and AWS_REGION (required); AWS_ENDPOINT_URL (optional, for a local"
          + " stack)";

  static final String USAGE_TEXT =
      """
      usage: applications add --name NAME   register a trusted application; prints its id
             applications list              list every application
             applications disable ID        stop accepting its events (within TRUSTED_CACHE_SECONDS)
             applications enable ID         accept its events again
      """
          + ENVIRONMENT_TEXT;

  private ApplicationsCli() {}

  public static void main(String[] args) {
    System.exit(run(List.of(args), System.getenv(), System.out, System.err));
  }

  /** Reads the configuration from {@code env}, then runs the command; returns the exit code. */
  static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
    if (command(args) == null) {
      err.println(USAGE_TEXT);
      return USAGE;
    }
    OperatorConfig config;
    try {
      config = OperatorConfig.fromEnv(env);
    } catch (EnvironmentException e) {
      err.println("applications: " + e.getMessage());
      err.println(ENVIRONMENT_TEXT);
      return USAGE;
    }
    return run(
        args,
        () ->
            new TrustedApplicationRegistry(
                config.clients().dynamoDb(), config.applicationsTable(), Clock.systemUTC()),
        out,
        err);
  }

  /** Runs the command against the registry {@code registry} supplies; returns the exit code. */
  static int run(
      List<String> args,
      Supplier<TrustedApplicationRegistry> registry,
      PrintStream out,
      PrintStream err) {
    Command command = command(args);
    if (command == null) {
      if (args.size() == 2
          && List.of("disable", "enable").contains(args.get(0))
          && uuid(args.get(1)) == null) {
        err.println(
            "applications: '"
                + args.get(1)
                + "' is not an application id (a UUID, see `applications list`)");
      }
      err.println(USAGE_TEXT);
      return USAGE;
    }
    try {
      switch (command) {
        case Command.Add add -> out.println(registry.get().add(add.name()).id());
        case Command.ListAll listAll ->
            registry.get().list().forEach(application -> out.println(row(application)));
        case Command.Disable disable -> out.println(row(registry.get().disable(disable.id())));
        case Command.Enable enable -> out.println(row(registry.get().enable(enable.id())));
      }
      return OK;
    } catch (UnknownApplicationException e) {
      err.println("applications: " + e.getMessage());
      return FAILED;
    } catch (SdkException e) {
      // Unreachable endpoint, missing table, expired credentials: the SDK's message says which; a
      // trace would not.
      err.println("applications: the DynamoDB call failed: " + e.getMessage());
      return FAILED;
    }
  }

  private static String row(TrustedApplication application) {
    return String.join(
        "\t",
        application.id().toString(),
        application.enabled() ? "enabled" : "disabled",
        application.createdAt().toString(),
        application.name());
  }

  /** The parsed command, or null when the arguments make none. */
  static Command command(List<String> args) {
    if (args.isEmpty()) {
      return null;
    }
    List<String> rest = args.subList(1, args.size());
    return switch (args.getFirst()) {
      case "add" ->
          rest.size() == 2 && rest.get(0).equals("--name") && !rest.get(1).isBlank()
              ? new Command.Add(rest.get(1))
              : null;
      case "list" -> rest.isEmpty() ? new Command.ListAll() : null;
      case "disable" ->
          rest.size() == 1 && uuid(rest.get(0)) != null
              ? new Command.Disable(uuid(rest.get(0)))
              : null;
      case "enable" ->
          rest.size() == 1 && uuid(rest.get(0)) != null
              ? new Command.Enable(uuid(rest.get(0)))
              : null;
      default -> null;
    };
  }

  private static UUID uuid(String text) {
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** What the operator asked for. */
  sealed interface Command {
    record Add(String name) implements Command {}

    record ListAll() implements Command {}

    record Disable(UUID id) implements Command {}

    record Enable(UUID id) implements Command {}
  }
}

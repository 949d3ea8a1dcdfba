package com.theeye.operator;

import com.theeye.config.EnvironmentException;
import com.theeye.http.Origins;
import com.theeye.store.DeletionSubject;
import com.theeye.store.TrustedApplication;
import com.theeye.store.UnknownEventTypes;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * {@code applications [--stack NAME] add --name NAME [--origin ORIGIN]... [--unknown-types POLICY]
 * | list | disable ID | enable ID | set-origins ID [ORIGIN]... | set-unknown-types ID POLICY |
 * lift-suppression ID --user USER_ID | --anonymous ANONYMOUS_ID}: manages the trusted applications
 * of a deployment, and the suppression of their deleted people ({@link Suppressions}), or those of
 * the running {@code make run} when no stack is named ({@link ApplicationsTarget}); see
 * docs/OPERATIONS.md.
 */
public final class ApplicationsCli {

  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;

  private static final String STACK = "--stack";

  static final String ENVIRONMENT_TEXT =
      """
      where: the running `make run` (its EYE_DATA_DIR/endpoints.json), with no settings;
             --stack NAME: that stack's Applications table (AWS_REGION and credentials as for the AWS CLI);
             or APPLICATIONS_TABLE and AWS_REGION (AWS_ENDPOINT_URL for LocalStack)""";

  static final String USAGE_TEXT =
      """
      usage: applications [--stack NAME] COMMAND
             add --name NAME [--origin ORIGIN]... [--unknown-types accept|reject|default]
                                   register a trusted application; prints its id
             list                  list every application
             disable ID            stop accepting its events (says when that takes effect)
             enable ID             accept its events again
             set-origins ID [ORIGIN]...
                                   the only web origins browsers may send its events from,
                                   e.g. https://shop.example; none: any origin
             set-unknown-types ID accept|reject|default
                                   what the processor does with its events of a type no schema
                                   describes: accept (stored, marked unplanned), reject (kept as
                                   invalid), default (the stack's UNKNOWN_EVENT_TYPES; accept for
                                   Segment messages)
             lift-suppression ID --user USER_ID | --anonymous ANONYMOUS_ID
                                   store a deleted person's later events again: since their
                                   deletion they are counted (suppressed) and not stored
      """
          + ENVIRONMENT_TEXT;

  private ApplicationsCli() {}

  public static void main(String[] args) {
    System.exit(run(List.of(args), System.getenv(), System.out, System.err));
  }

  /** Finds the table the environment and {@code --stack} point at, then runs the command. */
  public static int run(
      List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
    Optional<String> stack;
    List<String> command;
    try {
      stack = stackOption(args);
      command = withoutStackOption(args);
    } catch (IllegalArgumentException e) {
      err.println("applications: " + e.getMessage());
      err.println(USAGE_TEXT);
      return USAGE;
    }
    if (command(command) == null) {
      return run(command, () -> null, () -> null, TrustCaches.localRun(), out, err);
    }
    ApplicationsTarget target;
    try {
      target = ApplicationsTarget.resolve(stack, env);
    } catch (EnvironmentException e) {
      err.println("applications: " + e.getMessage());
      err.println(ENVIRONMENT_TEXT);
      return USAGE;
    } catch (IllegalStateException e) {
      err.println("applications: " + e.getMessage());
      return FAILED;
    } catch (SdkException e) {
      err.println("applications: cannot read the stack: " + e.getMessage());
      return FAILED;
    }
    // On stderr, so that `add` still prints the new id alone.
    err.println("applications: " + target.where());
    return run(
        command,
        () ->
            new TrustedApplicationRegistry(
                target.clients().dynamoDb(), target.table(), Clock.systemUTC()),
        () ->
            new Suppressions(
                target.clients().dynamoDb(),
                target
                    .deletionsTable()
                    .orElseThrow(
                        () ->
                            new Suppressions.NotLiftedException(
                                target.where()
                                    + " has no Deletions table beside it (stack output "
                                    + ApplicationsTarget.DELETIONS_TABLE_OUTPUT
                                    + ", DELETIONS_TABLE): deployed before deletions existed?")),
                Clock.systemUTC()),
        target.caches(),
        out,
        err);
  }

  /** Runs the command against the registry {@code registry} supplies; returns the exit code. */
  static int run(
      List<String> args,
      Supplier<TrustedApplicationRegistry> registry,
      TrustCaches caches,
      PrintStream out,
      PrintStream err) {
    return run(args, registry, () -> null, caches, out, err);
  }

  /**
   * Runs the command against the registry and the suppressions the suppliers give; returns the exit
   * code.
   */
  static int run(
      List<String> args,
      Supplier<TrustedApplicationRegistry> registry,
      Supplier<Suppressions> suppressions,
      TrustCaches caches,
      PrintStream out,
      PrintStream err) {
    Command command = command(args);
    if (command == null) {
      if (args.size() >= 2
          && List.of("disable", "enable", "set-origins", "set-unknown-types", "lift-suppression")
              .contains(args.get(0))
          && uuid(args.get(1)) == null) {
        err.println(
            "applications: '"
                + args.get(1)
                + "' is not an application id (a UUID, see `applications list`)");
      }
      notAnOrigin(args).ifPresent(origin -> err.println(notAnOriginMessage(origin)));
      err.println(USAGE_TEXT);
      return USAGE;
    }
    try {
      switch (command) {
        case Command.Add add ->
            out.println(registry.get().add(add.name(), add.origins(), add.unknownTypes()).id());
        case Command.ListAll listAll ->
            registry.get().list().forEach(application -> out.println(row(application)));
        case Command.Disable disable -> {
          out.println(row(registry.get().disable(disable.id())));
          out.println("disabled: " + caches.whenDisabled());
        }
        case Command.Enable enable -> {
          out.println(row(registry.get().enable(enable.id())));
          out.println("enabled: " + caches.whenEnabled());
        }
        case Command.SetOrigins set -> {
          out.println(row(registry.get().setOrigins(set.id(), set.origins())));
          out.println("origins set: " + caches.whenOriginsChanged());
        }
        case Command.SetUnknownTypes set -> {
          out.println(row(registry.get().setUnknownTypes(set.id(), set.policy())));
          out.println("unknown types set: " + caches.whenUnknownTypesChanged());
        }
        case Command.LiftSuppression lift -> out.println(lifted(suppressions.get(), lift.person()));
      }
      return OK;
    } catch (UnknownApplicationException | Suppressions.NotLiftedException e) {
      err.println("applications: " + e.getMessage());
      return FAILED;
    } catch (SdkException e) {
      // Unreachable endpoint, missing table, expired credentials: the SDK's message says which; a
      // trace would not.
      err.println("applications: the DynamoDB call failed: " + e.getMessage());
      return FAILED;
    }
  }

  /** The value of {@code --stack NAME}, wherever it stands. */
  static Optional<String> stackOption(List<String> args) {
    int at = args.indexOf(STACK);
    if (at < 0) {
      return Optional.empty();
    }
    if (at + 1 >= args.size() || args.get(at + 1).isBlank() || args.get(at + 1).startsWith("--")) {
      throw new IllegalArgumentException("--stack needs the stack's name");
    }
    if (args.subList(at + 2, args.size()).contains(STACK)) {
      throw new IllegalArgumentException("--stack may be given once");
    }
    return Optional.of(args.get(at + 1));
  }

  private static List<String> withoutStackOption(List<String> args) {
    int at = args.indexOf(STACK);
    if (at < 0) {
      return args;
    }
    List<String> rest = new ArrayList<>(args.subList(0, at));
    rest.addAll(args.subList(at + 2, args.size()));
    return List.copyOf(rest);
  }

  private static String row(TrustedApplication application) {
    return String.join(
        "\t",
        application.id().toString(),
        application.enabled() ? "enabled" : "disabled",
        application.createdAt().toString(),
        application.allowedOrigins().isEmpty()
            ? "any origin"
            : String.join(" ", application.allowedOrigins()),
        application.name(),
        "unknown types: "
            + application.unknownTypes().map(UnknownEventTypes::text).orElse("default"));
  }

  /** What lifting a person's suppression did, and when the processor sees it. */
  private static String lifted(Suppressions suppressions, DeletionSubject person) {
    Suppressions.Lift lift = suppressions.lift(person);
    String deletion =
        "deletion "
            + lift.deletion()
            + lift.suppressedSince().map(at -> ", suppressed since " + at).orElse("");
    if (!lift.lifted()) {
      return "not suppressed: "
          + Suppressions.describe(person)
          + " ("
          + deletion
          + lift.liftedAt().map(at -> ", lifted at " + at).orElse("")
          + "): nothing to lift";
    }
    return "lifted: "
        + Suppressions.describe(person)
        + " ("
        + deletion
        + "): takes effect within "
        + Suppressions.PROCESSOR_CACHE.toSeconds()
        + " s: until then a warm processor may still suppress their events (its"
        + " SUPPRESSION_CACHE_SECONDS, "
        + Suppressions.PROCESSOR_CACHE.toSeconds()
        + " s by default)";
  }

  private static String notAnOriginMessage(String origin) {
    return "applications: '"
        + origin
        + "' is not an origin: scheme://host[:port] as browsers send it, e.g. https://shop.example";
  }

  /** The first origin argument that is none, for the error message. */
  private static Optional<String> notAnOrigin(List<String> args) {
    List<String> candidates = new ArrayList<>();
    if (!args.isEmpty() && args.getFirst().equals("set-origins")) {
      candidates.addAll(args.subList(Math.min(2, args.size()), args.size()));
    }
    for (int i = 0; i + 1 < args.size(); i++) {
      if (args.getFirst().equals("add") && args.get(i).equals("--origin")) {
        candidates.add(args.get(i + 1));
      }
    }
    return candidates.stream().filter(o -> Origins.normalize(o).isEmpty()).findFirst();
  }

  /** The parsed command, or null when the arguments make none. */
  static Command command(List<String> args) {
    if (args.isEmpty()) {
      return null;
    }
    List<String> rest = args.subList(1, args.size());
    return switch (args.getFirst()) {
      case "add" -> add(rest);
      case "list" -> rest.isEmpty() ? new Command.ListAll() : null;
      case "disable" ->
          rest.size() == 1 && uuid(rest.get(0)) != null
              ? new Command.Disable(uuid(rest.get(0)))
              : null;
      case "enable" ->
          rest.size() == 1 && uuid(rest.get(0)) != null
              ? new Command.Enable(uuid(rest.get(0)))
              : null;
      case "set-origins" ->
          !rest.isEmpty() && uuid(rest.get(0)) != null
              ? origins(rest.subList(1, rest.size()))
                  .map(origins -> (Command) new Command.SetOrigins(uuid(rest.get(0)), origins))
                  .orElse(null)
              : null;
      case "lift-suppression" -> liftSuppression(rest);
      case "set-unknown-types" ->
          rest.size() == 2 && uuid(rest.get(0)) != null && policy(rest.get(1)) != null
              ? new Command.SetUnknownTypes(uuid(rest.get(0)), policy(rest.get(1)))
              : null;
      default -> null;
    };
  }

  /**
   * {@code accept}, {@code reject} or {@code default} (empty: the default); null for anything else.
   */
  private static Optional<UnknownEventTypes> policy(String text) {
    if (text.equalsIgnoreCase("default")) {
      return Optional.empty();
    }
    return UnknownEventTypes.ofText(text).map(Optional::of).orElse(null);
  }

  /** {@code APPLICATION --user USER_ID} or {@code APPLICATION --anonymous ANONYMOUS_ID}. */
  private static Command liftSuppression(List<String> options) {
    if (options.size() != 3 || uuid(options.get(0)) == null || options.get(2).isBlank()) {
      return null;
    }
    UUID application = uuid(options.get(0));
    String id = options.get(2);
    return switch (options.get(1)) {
      case "--user" -> new Command.LiftSuppression(DeletionSubject.user(application, id));
      case "--anonymous" -> new Command.LiftSuppression(DeletionSubject.anonymous(application, id));
      default -> null;
    };
  }

  /** {@code --name NAME} once and {@code --origin ORIGIN} any number of times, in any order. */
  private static Command add(List<String> options) {
    String name = null;
    List<String> origins = new ArrayList<>();
    Optional<UnknownEventTypes> unknownTypes = Optional.empty();
    for (int i = 0; i < options.size(); i += 2) {
      if (i + 1 >= options.size()) {
        return null;
      }
      String value = options.get(i + 1);
      switch (options.get(i)) {
        case "--name" -> {
          if (name != null || value.isBlank()) {
            return null;
          }
          name = value;
        }
        case "--origin" -> origins.add(value);
        case "--unknown-types" -> {
          if (policy(value) == null) {
            return null;
          }
          unknownTypes = policy(value);
        }
        default -> {
          return null;
        }
      }
    }
    if (name == null) {
      return null;
    }
    String named = name;
    Optional<UnknownEventTypes> policy = unknownTypes;
    return origins(origins).map(normal -> new Command.Add(named, normal, policy)).orElse(null);
  }

  /** The origins in normal form, or empty when any is no origin. */
  private static Optional<List<String>> origins(List<String> texts) {
    List<String> normal = new ArrayList<>();
    for (String text : texts) {
      Optional<String> origin = Origins.normalize(text);
      if (origin.isEmpty()) {
        return Optional.empty();
      }
      normal.add(origin.get());
    }
    return Optional.of(List.copyOf(normal));
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
    record Add(String name, List<String> origins, Optional<UnknownEventTypes> unknownTypes)
        implements Command {}

    record ListAll() implements Command {}

    record Disable(UUID id) implements Command {}

    record Enable(UUID id) implements Command {}

    /** An empty list allows any origin again. */
    record SetOrigins(UUID id, List<String> origins) implements Command {}

    /** Empty: the default policy again. */
    record SetUnknownTypes(UUID id, Optional<UnknownEventTypes> policy) implements Command {}

    /** A user or anonymous id of an application. */
    record LiftSuppression(DeletionSubject person) implements Command {}
  }
}

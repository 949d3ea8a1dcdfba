package com.theeye.bench;

import com.theeye.aws.AwsClients;
import com.theeye.emulators.LocalEmulators;
import com.theeye.emulators.Tables;
import com.theeye.store.ApplicationItems;
import com.theeye.store.TableNames;
import com.theeye.store.TrustedApplication;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Starts a function the way Lambda does, in a JVM of its own: exactly the deployed jar ({@code
 * <name>-function/target/<name>-function.jar}) plus the probe mains' small jar ({@code
 * target/*-probe.jar}), only the function's environment, pointed at the emulators (and at {@link
 * SecretsManagerStub} for the query function's cursor key) through the {@code
 * AWS_ENDPOINT_URL_<SERVICE>} variables the SDK for Java reads itself. Each environment gets new
 * tables and a new queue, so each first request does the same work.
 */
final class ProbeLauncher {

  /** A probe main and the deployed jar it runs against. */
  enum Probe {
    HELLO("ingest-function", "HelloProbe"),
    INGEST("ingest-function", "IngestProbe"),
    PROCESSOR("processor-function", "ProcessorProbe"),
    QUERY("query-function", "QueryProbe");

    private final String module;
    private final String main;

    Probe(String module, String main) {
      this.module = module;
      this.main = main;
    }

    String jar() {
      return module + "/target/" + module + ".jar";
    }
  }

  /** A function's environment variables and the tables they name. */
  record Environment(Map<String, String> variables, TableNames tables) {}

  /** One launch: the parent's wall time to the result line, and the line's numbers. */
  record Launch(double totalMs, Map<String, Double> fields, String line) {
    double field(String name) {
      return fields.getOrDefault(name, 0.0);
    }
  }

  private final Path root = Fixtures.repoRoot();
  private final LocalEmulators emulators;
  private final SecretsManagerStub secrets;
  private final SqsClient sqs;
  private final DynamoDbClient dynamoDb;
  private final String probeJar;
  private int prefixes;

  ProbeLauncher(LocalEmulators emulators, SecretsManagerStub secrets) {
    this.emulators = emulators;
    this.secrets = secrets;
    this.sqs = clients(emulators.sqsEndpoint()).build(SqsClient.builder());
    this.dynamoDb = clients(emulators.dynamoDbEndpoint()).dynamoDb();
    this.probeJar = requireFile("tools/benchmarks/target/benchmarks-1.0.0-SNAPSHOT-probe.jar");
    for (Probe probe : Probe.values()) {
      requireFile(probe.jar());
    }
  }

  private static AwsClients clients(java.net.URI endpoint) {
    return AwsClients.forEndpoint(
        endpoint, LocalEmulators.REGION, LocalEmulators.CREDENTIALS, Duration.ofSeconds(10));
  }

  SqsClient sqs() {
    return sqs;
  }

  /** A new queue on the emulator: its URL. */
  String queue(String name) {
    return sqs.createQueue(b -> b.queueName(name)).queueUrl();
  }

  DynamoDbClient dynamoDb() {
    return dynamoDb;
  }

  /**
   * New tables (and a new queue for ingest) and the variables template.yaml gives {@code probe}.
   */
  Environment environment(Probe probe) {
    String prefix = "probe-" + (++prefixes) + "-";
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    env.put("AWS_REGION", LocalEmulators.REGION.id());
    env.put("AWS_ACCESS_KEY_ID", "local");
    env.put("AWS_SECRET_ACCESS_KEY", "local");
    // No endpointOverride in the functions: the SDK itself honours these, as it would any.
    env.put("AWS_ENDPOINT_URL_SQS", emulators.sqsEndpoint().toString());
    env.put("AWS_ENDPOINT_URL_DYNAMODB", emulators.dynamoDbEndpoint().toString());
    env.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", secrets.endpoint().toString());
    TableNames tables = TableNames.withPrefix(prefix);
    if (probe == Probe.HELLO) {
      return new Environment(env, tables);
    }
    Tables.all(tables).forEach(dynamoDb::createTable);
    dynamoDb.putItem(
        b ->
            b.tableName(tables.applications())
                .item(
                    ApplicationItems.toItem(
                        new TrustedApplication(
                            Fixtures.APPLICATION, "probe", true, Instant.now()))));
    switch (probe) {
      case INGEST -> {
        env.put("APPLICATIONS_TABLE", tables.applications());
        env.put("EVENTS_QUEUE_URL", queue(prefix + "events"));
        env.put("EVENTS_TABLE", tables.events());
        env.put("INVALID_EVENTS_TABLE", tables.invalidEvents());
        env.put("DELETIONS_TABLE", tables.deletions());
        env.put("CURSOR_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:000000000000:secret:probe");
      }
      case PROCESSOR -> {
        env.put("EVENTS_TABLE", tables.events());
        env.put("SESSIONS_TABLE", tables.sessions());
        env.put("INVALID_EVENTS_TABLE", tables.invalidEvents());
        env.put("APPLICATIONS_TABLE", tables.applications());
        env.put("IDENTITIES_TABLE", tables.identities());
        env.put("DELETIONS_TABLE", tables.deletions());
        env.put("EVENTS_QUEUE_URL", queue(prefix + "events"));
      }
      case QUERY -> {
        env.put("EVENTS_TABLE", tables.events());
        env.put("INVALID_EVENTS_TABLE", tables.invalidEvents());
        env.put("IDENTITIES_TABLE", tables.identities());
        env.put("CURSOR_SECRET_ARN", "arn:aws:secretsmanager:us-east-1:000000000000:secret:probe");
        env.put("APPLICATIONS_TABLE", tables.applications());
        env.put(
            "EVENTS_STREAM_ARN",
            "arn:aws:dynamodb:us-east-1:000000000000:table/" + tables.events() + "/stream/0");
        env.put(
            "INVALID_EVENTS_STREAM_ARN",
            "arn:aws:dynamodb:us-east-1:000000000000:table/"
                + tables.invalidEvents()
                + "/stream/0");
      }
      default -> throw new IllegalArgumentException(probe.name());
    }
    return new Environment(env, tables);
  }

  /**
   * Runs {@code probe} in a new JVM with {@code flags} and the probe's {@code arguments}; fails
   * when it did not answer its requests as it should (a status other than 202 or 200, a batch item
   * failure).
   */
  Launch launch(Probe probe, List<String> flags, Environment environment, List<String> arguments)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(flags);
    command.add("-cp");
    command.add(root.resolve(probe.jar()) + ":" + probeJar);
    command.add("com.theeye.probe." + probe.main);
    command.addAll(arguments);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().clear();
    builder.environment().putAll(environment.variables());
    Path errors = Files.createTempFile("probe", ".err");
    builder.redirectError(errors.toFile());
    long started = System.nanoTime();
    Process process = builder.start();
    String result = null;
    double totalMs = Double.NaN;
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      // Read to the end: a JVM writing its AOT cache at exit still prints after the result.
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (result == null && line.startsWith("PROBE")) {
          totalMs = (System.nanoTime() - started) / 1e6;
          result = line;
        }
      }
    }
    if (!process.waitFor(600, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    String stderr = Files.readString(errors);
    Files.delete(errors);
    if (result == null
        || process.exitValue() != 0
        || result.contains("status=") && !result.matches(".* status=20[02]( .*|$)")
        || result.contains("failures=") && !result.contains("failures=0")) {
      throw new IllegalStateException(
          probe + " did not handle its requests: " + result + "\n" + tail(stderr));
    }
    Map<String, Double> fields = new LinkedHashMap<>();
    Arrays.stream(result.split(" "))
        .filter(
            part ->
                part.contains("=") && !part.startsWith("status") && !part.startsWith("failures"))
        .forEach(
            part -> {
              int equals = part.indexOf('=');
              fields.put(part.substring(0, equals), Double.parseDouble(part.substring(equals + 1)));
            });
    return new Launch(totalMs, fields, result);
  }

  private static String tail(String text) {
    return text.length() <= 4000 ? text : text.substring(text.length() - 4000);
  }

  private String requireFile(String relative) {
    Path path = root.resolve(relative);
    if (!Files.isRegularFile(path)) {
      throw new IllegalStateException(relative + " is missing: run make build first");
    }
    return path.toString();
  }

  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).strip();
    } catch (IOException e) {
      return "unknown";
    }
  }
}

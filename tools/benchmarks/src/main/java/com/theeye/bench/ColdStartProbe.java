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
 * Measures cold starts the way Lambda has them: for each run a fresh JVM with exactly a function's
 * deployed jar (plus the probe mains' own small jar, {@code target/*-probe.jar}) builds the handler
 * through its no-arg constructor and handles one sample event against ElasticMQ and dynalite. A JVM
 * that only prints a line is the floor. Every run gets new tables and a new queue, so each first
 * event does the same work.
 *
 * <p>Usage: {@code ColdStartProbe [runs]} (default 7). Prints one line per launch, then medians.
 */
public final class ColdStartProbe {

  /** Lambda's java25 runtime stops at C1 unless SnapStart or provisioned concurrency is on. */
  static final List<String> C1_ONLY = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1");

  private record Config(String name, String jar, String main, String event, List<String> flags) {}

  private record Sample(double totalMs, double initMs, double primeMs, double firstMs) {}

  private final Path root = Fixtures.repoRoot();
  private final LocalEmulators emulators;
  private final SqsClient sqs;
  private final DynamoDbClient dynamoDb;
  private int prefixes;
  private String probeJar;

  private ColdStartProbe(LocalEmulators emulators) {
    this.emulators = emulators;
    AwsClients sqsClients =
        AwsClients.forEndpoint(
            emulators.sqsEndpoint(),
            LocalEmulators.REGION,
            LocalEmulators.CREDENTIALS,
            Duration.ofSeconds(10));
    AwsClients dynamoDbClients =
        AwsClients.forEndpoint(
            emulators.dynamoDbEndpoint(),
            LocalEmulators.REGION,
            LocalEmulators.CREDENTIALS,
            Duration.ofSeconds(10));
    this.sqs = sqsClients.build(SqsClient.builder());
    this.dynamoDb = dynamoDbClients.dynamoDb();
  }

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 7;
    Path root = Fixtures.repoRoot();
    try (LocalEmulators emulators = LocalEmulators.start(root, null)) {
      new ColdStartProbe(emulators).run(runs);
    }
  }

  private void run(int runs) throws Exception {
    List<Config> configs;
    probeJar = requireFile("tools/benchmarks/target/benchmarks-1.0.0-SNAPSHOT-probe.jar");
    String ingestJar = requireFile("ingest-function/target/ingest-function.jar");
    String processorJar = requireFile("processor-function/target/processor-function.jar");
    String ingestEvent = root.resolve("events/ingest/apigw-v2-pageview.json").toString();
    String processorEvent = root.resolve("events/processor/sqs-valid.json").toString();
    configs =
        List.of(
            new Config("hello (floor)", ingestJar, "HelloProbe", "-", List.of()),
            new Config("ingest", ingestJar, "IngestProbe", ingestEvent, List.of()),
            new Config("processor", processorJar, "ProcessorProbe", processorEvent, List.of()),
            new Config("hello (floor), C1 only", ingestJar, "HelloProbe", "-", C1_ONLY),
            new Config("ingest, C1 only", ingestJar, "IngestProbe", ingestEvent, C1_ONLY),
            new Config(
                "processor, C1 only", processorJar, "ProcessorProbe", processorEvent, C1_ONLY),
            new Config("ingest, primed", ingestJar, "IngestProbe", ingestEvent, List.of()),
            new Config(
                "processor, primed", processorJar, "ProcessorProbe", processorEvent, List.of()));
    System.out.printf(
        "Cold-start probe: %d runs each, %s, load average %s%n",
        runs, emulators.description(), loadAverage());
    configs = new ArrayList<>(configs);
    configs.addAll(aotCached(configs.get(1), configs.get(2)));
    Map<Config, List<Sample>> samples = new LinkedHashMap<>();
    // Round robin, so a burst of load from elsewhere hits every configuration alike.
    for (int run = 0; run < runs; run++) {
      for (Config config : configs) {
        Sample sample = launch(config);
        samples.computeIfAbsent(config, c -> new ArrayList<>()).add(sample);
        System.out.printf(
            "  run %d %-24s total %7.1f ms  init %7.1f  prime %7.1f  first %7.1f%n",
            run + 1, config.name(), sample.totalMs, sample.initMs, sample.primeMs, sample.firstMs);
      }
    }
    report(samples);
  }

  /**
   * JDK 25's ahead-of-time cache (JEP 483, 514): one training run per function writes a cache of
   * its loaded and linked classes, which later JVMs on the same jar and JDK map instead of loading
   * the classes again. Shown as an option: the cache must come from the exact JVM that runs it.
   */
  private List<Config> aotCached(Config... functions) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("eye-aot");
    List<Config> cached = new ArrayList<>();
    for (Config function : functions) {
      Path cache = dir.resolve(function.main() + ".aot");
      launch(withFlags(function, function.name(), List.of("-XX:AOTCacheOutput=" + cache)));
      cached.add(
          withFlags(function, function.name() + ", AOT cache", List.of("-XX:AOTCache=" + cache)));
      List<String> c1 = new ArrayList<>(C1_ONLY);
      c1.add("-XX:AOTCache=" + cache);
      cached.add(withFlags(function, function.name() + ", AOT cache, C1 only", c1));
    }
    return cached;
  }

  private static Config withFlags(Config config, String name, List<String> flags) {
    return new Config(name, config.jar(), config.main(), config.event(), flags);
  }

  private Sample launch(Config config) throws IOException, InterruptedException {
    String prefix = "probe-" + (++prefixes);
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    env.put("AWS_REGION", LocalEmulators.REGION.id());
    env.put("AWS_ACCESS_KEY_ID", "local");
    env.put("AWS_SECRET_ACCESS_KEY", "local");
    // No endpointOverride in the functions: the SDK itself honours these, as it would any.
    env.put("AWS_ENDPOINT_URL_SQS", emulators.sqsEndpoint().toString());
    env.put("AWS_ENDPOINT_URL_DYNAMODB", emulators.dynamoDbEndpoint().toString());
    if (config.main().equals("IngestProbe")) {
      TableNames tables = createTables(prefix);
      registerApplication(tables.applications());
      env.put("APPLICATIONS_TABLE", tables.applications());
      env.put("EVENTS_QUEUE_URL", sqs.createQueue(b -> b.queueName(prefix)).queueUrl());
    } else if (config.main().equals("ProcessorProbe")) {
      TableNames tables = createTables(prefix);
      env.put("EVENTS_TABLE", tables.events());
      env.put("SESSIONS_TABLE", tables.sessions());
      env.put("INVALID_EVENTS_TABLE", tables.invalidEvents());
      env.put("APPLICATIONS_TABLE", tables.applications());
      env.put("IDENTITIES_TABLE", tables.identities());
      registerApplication(tables.applications());
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(config.flags());
    command.add("-cp");
    command.add(config.jar() + ":" + probeJar);
    command.add("com.theeye.probe." + config.main());
    command.add(config.event());
    if (config.name().contains("primed")) {
      command.add("primed");
    }
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(false);
    builder.environment().clear();
    builder.environment().putAll(env);
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
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    String stderr = Files.readString(errors);
    Files.delete(errors);
    if (result == null
        || process.exitValue() != 0
        || result.contains("status=") && !result.contains("status=202")
        || result.contains("failures=") && !result.contains("failures=0")) {
      throw new IllegalStateException(
          config.name() + " did not handle its event: " + result + "\n" + stderr);
    }
    return new Sample(
        totalMs, field(result, "init_ms"), field(result, "prime_ms"), field(result, "first_ms"));
  }

  private TableNames createTables(String prefix) {
    TableNames tables = TableNames.withPrefix(prefix);
    Tables.all(tables).forEach(dynamoDb::createTable);
    return tables;
  }

  private void registerApplication(String table) {
    dynamoDb.putItem(
        b ->
            b.tableName(table)
                .item(
                    ApplicationItems.toItem(
                        new TrustedApplication(
                            Fixtures.APPLICATION, "cold-start probe", true, Instant.now()))));
  }

  private static void report(Map<Config, List<Sample>> samples) {
    Map<List<String>, Double> floors = new LinkedHashMap<>();
    samples.forEach(
        (config, list) -> {
          if (config.main().equals("HelloProbe")) {
            floors.put(config.flags(), median(list.stream().mapToDouble(Sample::totalMs)));
          }
        });
    System.out.println();
    System.out.println(
        "| configuration | JVM start → first event handled (median ms) | × floor | init (ms) |"
            + " priming (ms) | first invocation (ms) |");
    System.out.println("| --- | ---: | ---: | ---: | ---: | ---: |");
    samples.forEach(
        (config, list) -> {
          double total = median(list.stream().mapToDouble(Sample::totalMs));
          double floor = floors.getOrDefault(config.flags(), floors.get(List.of()));
          System.out.printf(
              "| %s | %.0f | %.1f | %.0f | %.0f | %.0f |%n",
              config.name(),
              total,
              total / floor,
              median(list.stream().mapToDouble(Sample::initMs)),
              median(list.stream().mapToDouble(Sample::primeMs)),
              median(list.stream().mapToDouble(Sample::firstMs)));
        });
  }

  static double median(java.util.stream.DoubleStream values) {
    double[] sorted = values.sorted().toArray();
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  private static double field(String line, String name) {
    return Arrays.stream(line.split(" "))
        .filter(part -> part.startsWith(name + "="))
        .mapToDouble(part -> Double.parseDouble(part.substring(name.length() + 1)))
        .findFirst()
        .orElse(0);
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

package com.theeye.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.theeye.bench.ProbeLauncher.Environment;
import com.theeye.bench.ProbeLauncher.Launch;
import com.theeye.bench.ProbeLauncher.Probe;
import com.theeye.bench.TrafficMeasurement.Traffic;
import com.theeye.emulators.LocalEmulators;
import com.theeye.event.Event;
import com.theeye.event.EventCodec;
import com.theeye.event.ExactJson;
import com.theeye.processor.BatchProcessor;
import com.theeye.processor.ProcessorConfig;
import com.theeye.processor.QueueMessage;
import com.theeye.processor.SchemaRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntFunction;

/**
 * Memory measured, not guessed: for each function, the CPU one request takes once warm and the CPU
 * of its first request after SnapStart's priming, measured in a JVM of its own with the deployed
 * jar ({@link ProbeLauncher}) against the emulators, then the duration and price of that request at
 * 256, 512, 1024 and 1769 MB from Lambda's CPU-per-memory scaling ({@link LambdaModel}).
 *
 * <p>CPU time rather than wall time: the machine is shared, and a busy neighbour stretches wall
 * time but not the CPU a request needs. It is the whole process's (the function's threads, the JIT
 * compiler, the garbage collector), which on Lambda share the execution environment's vCPU. The
 * time spent waiting on SQS and DynamoDB cannot be measured here (the emulators are on loopback);
 * it is an estimate ({@link #SQS_ROUND_TRIP_MS}, {@link #DYNAMODB_ROUND_TRIP_MS}).
 *
 * <p>Usage: {@code MemoryTable [runs]} (default 3). Prints each launch, then the medians and the
 * model.
 */
public final class MemoryTable {

  /**
   * One SQS SendMessage round trip in a region: an estimate (typically 5 to 10 ms; the upper end
   * taken), not an AWS figure.
   */
  static final double SQS_ROUND_TRIP_MS = 10;

  /**
   * One DynamoDB PutItem, GetItem or Query round trip: "single-digit millisecond" is DynamoDB's
   * promise; 7 ms is an estimate.
   */
  static final double DYNAMODB_ROUND_TRIP_MS = 7;

  /** A function's workload: what its probe is handed first, then warm. */
  private record Workload(
      String name, Probe probe, int warmup, int measure, IntFunction<String> request) {}

  /** Medians over the runs of one workload. */
  record Measured(
      String name,
      double firstCpuMs,
      double firstWallMs,
      double warmCpuUs,
      double warmThreadCpuUs,
      double heapLiveMb,
      double nonHeapMb,
      double rssPeakMb,
      double initCpuMs,
      double primeCpuMs) {}

  private static final String SQS_ARN = "arn:aws:sqs:us-east-1:000000000000:probe";

  /**
   * Extra flags for the probed JVMs, for experiments: {@code
   * -Dmemory.flags="-Dhttp.maxConnections=16"}.
   */
  private static final List<String> JVM_FLAGS =
      System.getProperty("memory.flags", "").isBlank()
          ? List.of()
          : List.of(System.getProperty("memory.flags").trim().split("\\s+"));

  /**
   * Only the workloads whose name starts with this, for experiments: {@code
   * -Dmemory.only=processor}.
   */
  private static final String ONLY = System.getProperty("memory.only", "");

  private final ProbeLauncher launcher;
  private final Path dir;

  private MemoryTable(ProbeLauncher launcher) throws java.io.IOException {
    this.launcher = launcher;
    this.dir = Files.createTempDirectory("eye-memory");
  }

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    try (LocalEmulators emulators = LocalEmulators.start(Fixtures.repoRoot(), null);
        SecretsManagerStub secrets = new SecretsManagerStub()) {
      System.out.printf(
          "Memory table: %d runs each, load average %s at the start%n",
          runs, ProbeLauncher.loadAverage());
      MemoryTable table = new MemoryTable(new ProbeLauncher(emulators, secrets));
      List<Measured> measured = table.measure(runs);
      Traffic batches =
          new TrafficMeasurement(emulators.sqsEndpoint(), emulators.dynamoDbEndpoint())
              .measure(1, 1000, 100, 8);
      System.out.println(
          "DynamoDB calls of the processor's batches: " + batches.callsByOperation());
      System.out.printf("%nLoad average at the end: %s%n", ProbeLauncher.loadAverage());
      report(measured, batches);
    }
  }

  private List<Workload> workloads() {
    return List.of(
        new Workload(
            "ingest, one event",
            Probe.INGEST,
            8000,
            4000,
            i -> apiGatewayLine(TrafficMeasurement.body(i, 1, 1000))),
        new Workload(
            "ingest, array of 20",
            Probe.INGEST,
            3000,
            1500,
            i -> apiGatewayLine(TrafficMeasurement.body(i * 20, 20, 1000))),
        new Workload(
            "processor, 100 messages of one event", Probe.PROCESSOR, 60, 30, this::sqsBatch),
        new Workload(
            "query, a session's first page (100 events)",
            Probe.QUERY,
            3000,
            1500,
            i -> sessionQuery(1 + i % (QUERY_SESSIONS - 1))));
  }

  private List<Measured> measure(int runs) throws Exception {
    Map<Workload, List<Launch>> launches = new LinkedHashMap<>();
    List<Workload> workloads = workloads().stream().filter(w -> w.name().startsWith(ONLY)).toList();
    for (int run = 0; run < runs; run++) {
      // Round robin, so a burst of load from elsewhere hits every function alike.
      for (Workload workload : workloads) {
        Launch launch = launch(workload);
        launches.computeIfAbsent(workload, w -> new ArrayList<>()).add(launch);
        System.out.printf("  run %d %-45s %s%n", run + 1, workload.name(), launch.line());
      }
    }
    List<Measured> measured = new ArrayList<>();
    launches.forEach(
        (workload, list) ->
            measured.add(
                new Measured(
                    workload.name(),
                    median(list, "first_cpu_ms"),
                    median(list, "first_ms"),
                    median(list, "warm_cpu_us"),
                    median(list, "warm_thread_cpu_us"),
                    median(list, "heap_live_mb"),
                    median(list, "nonheap_mb"),
                    median(list, "rss_peak_mb"),
                    median(list, "init_cpu_ms"),
                    median(list, "prime_cpu_ms"))));
    return measured;
  }

  private Launch launch(Workload workload) throws Exception {
    Environment environment = launcher.environment(workload.probe());
    if (workload.probe() == Probe.QUERY) {
      seed(environment);
    }
    Path first = dir.resolve("first-" + workload.probe() + ".json");
    Files.writeString(first, workload.request().apply(0));
    Path requests = dir.resolve("requests-" + workload.probe() + ".jsonl");
    List<String> lines = new ArrayList<>();
    for (int i = 1; i <= workload.warmup() + workload.measure(); i++) {
      lines.add(workload.request().apply(i + runOffset));
    }
    runOffset += workload.warmup() + workload.measure() + 1;
    Files.write(requests, lines);
    return launcher.launch(
        workload.probe(),
        JVM_FLAGS,
        environment,
        List.of(
            first.toString(),
            "primed",
            "warmup=" + workload.warmup(),
            "measure=" + workload.measure(),
            "requests=" + requests));
  }

  /** Keeps every launch's events distinct, so no warm request finds its events stored. */
  private int runOffset;

  private static String apiGatewayLine(String body) {
    return new String(Fixtures.apiGatewayEvent(body), StandardCharsets.UTF_8);
  }

  /** An SQS event of 100 messages of one new event each, as Lambda hands it to the processor. */
  private String sqsBatch(int batch) {
    ArrayNode records = ExactJson.MAPPER.createArrayNode();
    for (int i = 0; i < 100; i++) {
      Event event = pageView(batch * 100 + i);
      ObjectNode record = records.addObject();
      record.put("messageId", UUID.randomUUID().toString());
      record.put("receiptHandle", "probe-" + batch + "-" + i);
      record.put("body", EventCodec.toMessage(event));
      record.put("eventSourceARN", SQS_ARN);
    }
    ObjectNode event = ExactJson.MAPPER.createObjectNode();
    event.set("Records", records);
    return EventCodec.write(event);
  }

  /**
   * The {@code i}th page view: 50 sessions at a time interleave, 20 events each (a session's pages
   * come seconds apart, so a batch rarely holds two of them at once).
   */
  private static Event pageView(int i) {
    int sessions = 1000 / TrafficMeasurement.EVENTS_PER_SESSION;
    UUID session =
        UUID.nameUUIDFromBytes(
            ("memory-session-" + (i % sessions + sessions * (i / 1000)))
                .getBytes(StandardCharsets.UTF_8));
    ObjectNode data = ExactJson.MAPPER.createObjectNode();
    data.put("host", "www.consumeraffairs.com");
    data.put("path", "/reviews/" + i);
    Instant at = Instant.now().minusSeconds(60);
    return Event.identified(
        Fixtures.APPLICATION, session, "page interaction", "pageview", data, at, at.plusMillis(5));
  }

  /** Sessions the query workload reads, 100 events each. */
  private static final int QUERY_SESSIONS = 10;

  private static UUID querySession(int i) {
    return UUID.nameUUIDFromBytes(("query-session-" + i).getBytes(StandardCharsets.UTF_8));
  }

  private static String sessionQuery(int session) {
    return new String(
        Fixtures.apiGatewayGet(
            "/api/v1/events/",
            Map.of("session_id", querySession(session).toString(), "limit", "100")),
        StandardCharsets.UTF_8);
  }

  /** Stores the query workload's sessions through the real processor, on this launch's tables. */
  private void seed(Environment environment) throws Exception {
    Map<String, String> env =
        Map.of(
            "AWS_REGION", LocalEmulators.REGION.id(),
            "EVENTS_TABLE", environment.tables().events(),
            "SESSIONS_TABLE", environment.tables().sessions(),
            "INVALID_EVENTS_TABLE", environment.tables().invalidEvents(),
            "APPLICATIONS_TABLE", environment.tables().applications(),
            "IDENTITIES_TABLE", environment.tables().identities(),
            "DELETIONS_TABLE", environment.tables().deletions(),
            "EVENTS_QUEUE_URL", launcher.queue("seed-" + environment.tables().events()));
    try (BatchProcessor processor =
        BatchProcessor.create(
            ProcessorConfig.fromEnv(env),
            launcher.dynamoDb(),
            launcher.sqs(),
            SchemaRegistry.fromClasspath(MemoryTable.class.getClassLoader()))) {
      for (int session = 0; session < QUERY_SESSIONS; session++) {
        List<QueueMessage> messages = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
          ObjectNode data = ExactJson.MAPPER.createObjectNode();
          data.put("host", "www.consumeraffairs.com");
          data.put("path", "/reviews/" + session + "/" + i);
          Instant at = Instant.now().minusSeconds(3600).plusSeconds(i);
          Event event =
              Event.identified(
                  Fixtures.APPLICATION,
                  querySession(session),
                  "page interaction",
                  "pageview",
                  data,
                  at,
                  at.plusMillis(5));
          messages.add(new QueueMessage(event.id(), EventCodec.toMessage(event)));
        }
        var result = processor.process(messages);
        if (!result.failedMessageIds().isEmpty()) {
          throw new IllegalStateException("seeding failed: " + result.logLine());
        }
      }
    }
  }

  private static double median(List<Launch> launches, String field) {
    return ColdStartProbe.median(launches.stream().mapToDouble(l -> l.field(field)));
  }

  // ---------------------------------------------------------------- the model

  /** Round trips one warm request waits for, by workload (as TrafficMeasurement counts them). */
  private static double waitMs(String workload, Traffic batches) {
    if (workload.startsWith("ingest")) {
      return SQS_ROUND_TRIP_MS; // one SendMessage: an array is packed into one message
    }
    if (workload.startsWith("processor")) {
      // Every DynamoDB call of the batch, BatchConcurrency (8) at a time.
      return Math.ceil(batches.callsPerInvocation() / 8) * DYNAMODB_ROUND_TRIP_MS;
    }
    return DYNAMODB_ROUND_TRIP_MS; // a session's page is one Query
  }

  private static void report(List<Measured> measured, Traffic batches) {
    System.out.println();
    System.out.println(
        "| workload | warm CPU per request (ms) | of it, the handler's thread | first request"
            + " after priming: CPU (ms) | wall (ms) | live heap / non-heap / peak RSS (MB) | init"
            + " CPU (ms) | priming CPU (ms) |");
    System.out.println("| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: |");
    for (Measured m : measured) {
      System.out.printf(
          "| %s | %.2f | %.2f | %.0f | %.0f | %.0f / %.0f / %.0f | %.0f | %.0f |%n",
          m.name(),
          m.warmCpuUs() / 1000,
          m.warmThreadCpuUs() / 1000,
          m.firstCpuMs(),
          m.firstWallMs(),
          m.heapLiveMb(),
          m.nonHeapMb(),
          m.rssPeakMb(),
          m.initCpuMs(),
          m.primeCpuMs());
    }
    System.out.printf(
        "%nProcessor batches of 100 one-event messages: %.1f DynamoDB calls each (TrafficMeasurement).%n",
        batches.callsPerInvocation());
    System.out.println();
    StringBuilder header = new StringBuilder("| workload | waits (ms) |");
    StringBuilder rule = new StringBuilder("| --- | ---: |");
    for (int size : LambdaModel.SIZES) {
      header.append(" ").append(size).append(" MB: warm / first (ms), $ per million |");
      rule.append(" ---: |");
    }
    System.out.println(header);
    System.out.println(rule);
    LambdaModel arm64 = new LambdaModel("arm64");
    for (Measured m : measured) {
      double wait = waitMs(m.name(), batches);
      StringBuilder row = new StringBuilder("| " + m.name() + " | " + format(wait) + " |");
      for (int size : LambdaModel.SIZES) {
        double warm = LambdaModel.millis(wait, m.warmCpuUs() / 1000, size);
        double first = LambdaModel.millis(wait, m.firstCpuMs(), size);
        row.append(
            String.format(
                " %s / %s, $%.3f |", format(warm), format(first), arm64.cost(1e6, warm, size)));
      }
      System.out.println(row);
    }
    System.out.println(
        "\n$ per million invocations on arm64 (requests + GB-seconds); the processor's are batches"
            + " of 100 events, so per million events divide by 100.");
  }

  private static String format(double ms) {
    return ms < 100 ? String.format("%.1f", ms) : String.format("%.0f", ms);
  }
}

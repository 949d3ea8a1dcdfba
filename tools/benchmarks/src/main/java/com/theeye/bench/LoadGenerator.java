package com.theeye.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.theeye.event.EventCodec;
import com.theeye.event.ExactJson;
import com.theeye.local.LocalEye;
import com.theeye.local.LocalSettings;
import com.theeye.store.TableLayout;
import com.theeye.store.TableNames;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * Drives the local runner (the real handlers over ElasticMQ and dynalite, in this JVM) over HTTP on
 * loopback and measures what it takes: accepted events per second, latency at the HTTP edge, and
 * how soon every accepted event is stored. Every scenario is bounded in requests and in time and
 * stops by itself.
 *
 * <p>Stored events are counted by Query on the Events table, one query per session the scenario
 * used (never a Scan). Each event carries its own path, so no two share an id.
 *
 * <p>Usage: {@code LoadGenerator [seconds per scenario]} (default 10).
 */
public final class LoadGenerator {

  /** Sessions per scenario: events spread over them, and the final count queries each. */
  static final int SESSIONS = 32;

  static final int SENDERS = 8;

  /** The most events one scenario sends, so its queue drains in a minute or two locally. */
  static final long MAX_EVENTS = 20_000;

  /** The longest a scenario waits for its events to be stored after the last was accepted. */
  static final Duration DRAIN_LIMIT = Duration.ofSeconds(180);

  private record Scenario(String name, int eventsPerRequest, double requestsPerSecond) {
    boolean fullSpeed() {
      return requestsPerSecond <= 0;
    }
  }

  private record ScenarioResult(
      Scenario scenario,
      long requests,
      long accepted,
      long refused,
      double sendSeconds,
      long[] latenciesNanos,
      double storedSeconds,
      long stored,
      Map<String, Double> cpuPercent) {}

  private final LocalEye eye;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  private final Duration duration;
  private final AtomicLong paths = new AtomicLong();

  private LoadGenerator(LocalEye eye, Duration duration) {
    this.eye = eye;
    this.duration = duration;
  }

  public static void main(String[] args) throws Exception {
    Duration duration = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 10);
    Path data = Files.createTempDirectory("eye-load");
    LocalSettings settings =
        new LocalSettings(
            "127.0.0.1",
            0,
            data,
            Optional.of(Fixtures.APPLICATION),
            LocalSettings.QueueSettings.TEMPLATE_DEFAULTS,
            Duration.ofSeconds(30));
    List<Scenario> scenarios =
        List.of(
            new Scenario("warm-up (not reported)", 1, 200),
            new Scenario("single events, 1,000 req/s fixed rate", 1, 1000),
            new Scenario("single events, full speed", 1, 0),
            new Scenario("batches of 10, full speed", 10, 0),
            new Scenario("batches of 100, full speed", 100, 0));
    List<ScenarioResult> outcomes = new ArrayList<>();
    // The handlers' log lines (one per request, one per batch) would bury the results.
    java.io.PrintStream out = System.out;
    System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
    try (LocalEye eye = LocalEye.start(settings, Fixtures.repoRoot())) {
      LoadGenerator generator = new LoadGenerator(eye, duration);
      out.printf(
          "Load generator: %s per scenario, %d senders, API at %s, load average %s%n",
          duration, SENDERS, eye.baseUrl(), ProbeLauncher.loadAverage());
      for (Scenario scenario : scenarios) {
        ScenarioResult outcome = generator.run(scenario);
        out.println("  " + line(outcome));
        if (!scenario.name().startsWith("warm-up")) {
          outcomes.add(outcome);
        }
      }
    }
    System.setOut(out);
    report(outcomes);
  }

  private ScenarioResult run(Scenario scenario) throws Exception {
    List<UUID> sessions = new ArrayList<>();
    for (int i = 0; i < SESSIONS; i++) {
      sessions.add(UUID.randomUUID());
    }
    long maxRequests =
        scenario.fullSpeed()
            ? MAX_EVENTS / scenario.eventsPerRequest()
            : Math.min(MAX_EVENTS, (long) (scenario.requestsPerSecond() * duration.toSeconds()));
    AtomicLong issued = new AtomicLong();
    CpuClock cpu = CpuClock.start();
    long started = System.nanoTime();
    long deadline = started + duration.toNanos();
    List<Future<long[]>> senders = new ArrayList<>();
    List<long[]> counts = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(SENDERS)) {
      for (int s = 0; s < SENDERS; s++) {
        int sender = s;
        senders.add(
            pool.submit(
                () ->
                    send(
                        scenario,
                        sender,
                        sessions,
                        started,
                        deadline,
                        maxRequests,
                        issued,
                        counts)));
      }
      List<long[]> latencies = new ArrayList<>();
      for (Future<long[]> f : senders) {
        latencies.add(f.get());
      }
      double sendSeconds = (System.nanoTime() - started) / 1e9;
      long accepted = 0;
      long refused = 0;
      synchronized (counts) {
        for (long[] c : counts) {
          accepted += c[0];
          refused += c[1];
        }
      }
      long stored = waitUntilStored(sessions, accepted, started);
      double storedSeconds = (System.nanoTime() - started) / 1e9;
      long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
      return new ScenarioResult(
          scenario,
          all.length,
          accepted,
          refused,
          sendSeconds,
          all,
          storedSeconds,
          stored,
          cpu.percentSinceStart());
    }
  }

  /** One sender's loop; returns its latencies. Counts go to {@code counts}: accepted, refused. */
  private long[] send(
      Scenario scenario,
      int sender,
      List<UUID> sessions,
      long started,
      long deadline,
      long maxRequests,
      AtomicLong issued,
      List<long[]> counts)
      throws InterruptedException {
    long[] latencies = new long[1024];
    int n = 0;
    long accepted = 0;
    long refused = 0;
    // At a fixed rate each sender owns every SENDERS-th slot; latency counts from the slot's
    // planned time, so a stalled server cannot hide its queueing (no coordinated omission).
    double interval = scenario.fullSpeed() ? 0 : SENDERS * 1e9 / scenario.requestsPerSecond();
    for (long k = 0; ; k++) {
      long planned = scenario.fullSpeed() ? System.nanoTime() : started + (long) (interval * k);
      if (planned >= deadline || issued.incrementAndGet() > maxRequests) {
        break;
      }
      long wait = planned - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(Duration.ofNanos(wait));
      }
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(eye.baseUrl() + "/api/v1/events/"))
              .timeout(Duration.ofSeconds(10))
              .header("application", Fixtures.APPLICATION.toString())
              .header("content-type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body(scenario, sender, sessions)))
              .build();
      try {
        HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 202) {
          accepted += scenario.eventsPerRequest();
        } else {
          refused += scenario.eventsPerRequest();
        }
      } catch (IOException e) {
        refused += scenario.eventsPerRequest();
      }
      if (n == latencies.length) {
        latencies = Arrays.copyOf(latencies, n * 2);
      }
      latencies[n++] = System.nanoTime() - planned;
    }
    synchronized (counts) {
      counts.add(new long[] {accepted, refused});
    }
    return Arrays.copyOf(latencies, n);
  }

  private String body(Scenario scenario, int sender, List<UUID> sessions) {
    if (scenario.eventsPerRequest() == 1) {
      return EventCodec.write(event(sessions));
    }
    ArrayNode array = ExactJson.MAPPER.createArrayNode();
    for (int i = 0; i < scenario.eventsPerRequest(); i++) {
      array.add(event(sessions));
    }
    return EventCodec.write(array);
  }

  private ObjectNode event(List<UUID> sessions) {
    long n = paths.incrementAndGet();
    ObjectNode event = Fixtures.senderEvent(sessions.get((int) (n % sessions.size())), (int) n);
    ((ObjectNode) event.get("data")).put("path", "/load/" + n);
    return event;
  }

  /** Polls the per-session counts until every accepted event is stored or the limit passes. */
  private long waitUntilStored(List<UUID> sessions, long accepted, long started)
      throws InterruptedException {
    long limit = System.nanoTime() + DRAIN_LIMIT.toNanos();
    long stored = count(sessions);
    while (stored < accepted && System.nanoTime() < limit) {
      Thread.sleep(100);
      stored = count(sessions);
    }
    return stored;
  }

  private long count(List<UUID> sessions) {
    DynamoDbClient dynamoDb = eye.dynamoDb();
    String table = TableNames.withPrefix("the-eye").events();
    long total = 0;
    for (UUID session : sessions) {
      Map<String, AttributeValue> start = null;
      do {
        Map<String, AttributeValue> from = start;
        QueryResponse page =
            dynamoDb.query(
                b -> {
                  b.tableName(table)
                      .keyConditionExpression("#s = :s")
                      .expressionAttributeNames(Map.of("#s", TableLayout.SESSION_ID))
                      .expressionAttributeValues(
                          Map.of(":s", AttributeValue.fromS(session.toString())))
                      .select(Select.COUNT);
                  if (from != null) {
                    b.exclusiveStartKey(from);
                  }
                });
        total += page.count();
        start = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
      } while (start != null);
    }
    return total;
  }

  private static String line(ScenarioResult o) {
    return String.format(
        "%-40s %7.0f events/s accepted, p50 %5.1f ms, p99 %6.1f ms, max %6.1f ms,"
            + " stored %7.0f events/s, lost %d, refused %d, CPU %s",
        o.scenario().name(),
        o.accepted() / o.sendSeconds(),
        percentile(o.latenciesNanos(), 50),
        percentile(o.latenciesNanos(), 99),
        percentile(o.latenciesNanos(), 100),
        o.stored() / o.storedSeconds(),
        o.accepted() - o.stored(),
        o.refused(),
        o.cpuPercent());
  }

  private static void report(List<ScenarioResult> outcomes) {
    System.out.println();
    System.out.println(
        "| scenario | requests/s | events/s accepted | p50 ms | p99 ms | max ms |"
            + " events/s stored (end to end) | lost | CPU % (this JVM / dynalite) |");
    System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
    for (ScenarioResult o : outcomes) {
      System.out.printf(
          "| %s | %.0f | %.0f | %.1f | %.1f | %.1f | %.0f | %d | %.0f / %.0f |%n",
          o.scenario().name(),
          o.requests() / o.sendSeconds(),
          o.accepted() / o.sendSeconds(),
          percentile(o.latenciesNanos(), 50),
          percentile(o.latenciesNanos(), 99),
          percentile(o.latenciesNanos(), 100),
          o.stored() / o.storedSeconds(),
          o.accepted() - o.stored(),
          o.cpuPercent().getOrDefault("jvm", 0.0),
          o.cpuPercent().getOrDefault("dynalite", 0.0));
    }
  }

  static double percentile(long[] sorted, int p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
  }

  /**
   * CPU time of this JVM (the handlers, ElasticMQ, the HTTP server and these senders) and of
   * dynalite (a node child process), from /proc, as a percentage of one core over the scenario.
   */
  private record CpuClock(long startNanos, Map<String, Long> startTicks) {

    static CpuClock start() {
      return new CpuClock(System.nanoTime(), ticks());
    }

    Map<String, Double> percentSinceStart() {
      double seconds = (System.nanoTime() - startNanos) / 1e9;
      Map<String, Long> now = ticks();
      Map<String, Double> percent = new java.util.TreeMap<>();
      now.forEach(
          (name, ticks) ->
              percent.put(
                  name, (ticks - startTicks.getOrDefault(name, 0L)) / 100.0 / seconds * 100));
      return percent;
    }

    private static Map<String, Long> ticks() {
      Map<String, Long> ticks = new java.util.TreeMap<>();
      ticks.put("jvm", ticksOf(ProcessHandle.current().pid()));
      ProcessHandle.current()
          .descendants()
          .filter(p -> p.info().command().orElse("").endsWith("node"))
          .max(Comparator.comparingLong(ProcessHandle::pid))
          .ifPresent(p -> ticks.put("dynalite", ticksOf(p.pid())));
      return ticks;
    }

    /** utime + stime in clock ticks (100 per second on Linux). */
    private static long ticksOf(long pid) {
      try {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      } catch (IOException | RuntimeException e) {
        return 0;
      }
    }
  }
}

package com.theeye.bench;

import com.theeye.bench.ProbeLauncher.Launch;
import com.theeye.bench.ProbeLauncher.Probe;
import com.theeye.emulators.LocalEmulators;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Measures cold starts the way Lambda has them: for each run a fresh JVM with exactly a function's
 * deployed jar (plus the probe mains' own small jar, {@code target/*-probe.jar}) builds the handler
 * through its no-arg constructor and handles one sample event against ElasticMQ and dynalite
 * ({@link ProbeLauncher}). A JVM that only prints a line is the floor. Every run gets new tables
 * and a new queue, so each first event does the same work.
 *
 * <p>Usage: {@code ColdStartProbe [runs]} (default 7). Prints one line per launch, then medians.
 */
public final class ColdStartProbe {

  /** Lambda's java25 runtime stops at C1 unless SnapStart or provisioned concurrency is on. */
  static final List<String> C1_ONLY = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1");

  private record Config(
      String name, Probe probe, String event, List<String> flags, boolean primed) {}

  private record Sample(double totalMs, double initMs, double primeMs, double firstMs) {}

  private final ProbeLauncher launcher;

  private ColdStartProbe(ProbeLauncher launcher) {
    this.launcher = launcher;
  }

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 7;
    try (LocalEmulators emulators = LocalEmulators.start(Fixtures.repoRoot(), null);
        SecretsManagerStub secrets = new SecretsManagerStub()) {
      System.out.printf(
          "Cold-start probe: %d runs each, %s, load average %s%n",
          runs, emulators.description(), ProbeLauncher.loadAverage());
      new ColdStartProbe(new ProbeLauncher(emulators, secrets)).run(runs);
    }
  }

  private void run(int runs) throws Exception {
    Path root = Fixtures.repoRoot();
    String ingestEvent = root.resolve("events/ingest/apigw-v2-pageview.json").toString();
    String processorEvent = root.resolve("events/processor/sqs-valid.json").toString();
    List<Config> configs =
        new ArrayList<>(
            List.of(
                new Config("hello (floor)", Probe.HELLO, "-", List.of(), false),
                new Config("ingest", Probe.INGEST, ingestEvent, List.of(), false),
                new Config("processor", Probe.PROCESSOR, processorEvent, List.of(), false),
                new Config("hello (floor), C1 only", Probe.HELLO, "-", C1_ONLY, false),
                new Config("ingest, C1 only", Probe.INGEST, ingestEvent, C1_ONLY, false),
                new Config("processor, C1 only", Probe.PROCESSOR, processorEvent, C1_ONLY, false),
                new Config("ingest, primed", Probe.INGEST, ingestEvent, List.of(), true),
                new Config("processor, primed", Probe.PROCESSOR, processorEvent, List.of(), true)));
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
      Path cache = dir.resolve(function.probe() + ".aot");
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
    return new Config(name, config.probe(), config.event(), flags, config.primed());
  }

  private Sample launch(Config config) throws IOException, InterruptedException {
    List<String> arguments = new ArrayList<>(List.of(config.event()));
    if (config.primed()) {
      arguments.add("primed");
    }
    Launch launch =
        config.probe() == Probe.HELLO
            ? launcher.launch(
                config.probe(), config.flags(), launcher.environment(Probe.HELLO), List.of())
            : launcher.launch(
                config.probe(), config.flags(), launcher.environment(config.probe()), arguments);
    return new Sample(
        launch.totalMs(),
        launch.field("init_ms"),
        launch.field("prime_ms"),
        launch.field("first_ms"));
  }

  private static void report(Map<Config, List<Sample>> samples) {
    Map<List<String>, Double> floors = new LinkedHashMap<>();
    samples.forEach(
        (config, list) -> {
          if (config.probe() == Probe.HELLO) {
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
}

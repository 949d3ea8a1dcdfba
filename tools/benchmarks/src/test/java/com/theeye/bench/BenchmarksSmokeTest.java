package com.theeye.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Keeps the benchmarks compiling and running: each runs once, briefly, in this JVM. Only that they
 * ran and measured something is asserted; the numbers come from {@code make bench}.
 */
class BenchmarksSmokeTest {

  @Test
  void everyBenchmarkRunsAndMeasuresATime() throws RunnerException {
    Options quick =
        new OptionsBuilder()
            .include("com\\.theeye\\.(ingest|processor)\\..*Benchmark")
            .forks(0)
            .warmupIterations(1)
            .warmupTime(TimeValue.milliseconds(100))
            .measurementIterations(1)
            .measurementTime(TimeValue.milliseconds(100))
            .shouldFailOnError(true)
            .build();

    Collection<RunResult> results = new Runner(quick).run();

    Set<String> ran = new TreeSet<>();
    for (RunResult result : results) {
      String name = result.getParams().getBenchmark();
      ran.add(name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1));
      assertTrue(result.getPrimaryResult().getScore() > 0, name + " measured no time");
    }
    assertEquals(
        Set.of(
            "IngestPathBenchmark.singleEvent",
            "IngestPathBenchmark.batchOf100",
            "ProcessorPathBenchmark.singleEvent",
            "ProcessorPathBenchmark.batchOf100"),
        ran);
  }
}

package com.theeye.probe;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.sun.management.OperatingSystemMXBean;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What Lambda does with one execution environment, timed in wall and CPU time: build the handler
 * (init), optionally run the SnapStart hooks (prime), hand it a first request, then, with {@code
 * warmup=N measure=M requests=FILE}, N more requests unmeasured and M measured, cycling through
 * FILE's lines (one request each). CPU time is the whole process's (the function's threads, the
 * JIT and the garbage collector share the execution environment's vCPU share on Lambda too) and
 * the calling thread's. Prints one {@code PROBE} line.
 *
 * <p>Usage: {@code <main> FIRST_REQUEST_FILE [primed] [warmup=N] [measure=M] [requests=FILE]}.
 */
final class ProbeRun {

  /** One request through the handler; returns the check the parent reads, e.g. {@code status=202}. */
  interface Request {
    String handle(String request) throws Exception;
  }

  /** One request through a handler of type {@code H}, answering the check as {@link Request}. */
  interface Call<H> {
    String handle(H handler, String request) throws Exception;
  }

  /** Something timed: a step of the lifecycle. */
  interface Step<T> {
    T run() throws Exception;
  }

  private static final OperatingSystemMXBean OS =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final String firstRequest;
  private final boolean primed;
  private final int warmup;
  private final int measure;
  private final List<String> requests;
  private final StringBuilder line = new StringBuilder("PROBE");

  private ProbeRun(String[] args) throws IOException {
    this.firstRequest = Files.readString(Path.of(args[0]));
    boolean primed = false;
    int warmup = 0;
    int measure = 0;
    List<String> requests = List.of();
    for (int i = 1; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("primed")) {
        primed = true;
      } else if (arg.startsWith("warmup=")) {
        warmup = Integer.parseInt(arg.substring("warmup=".length()));
      } else if (arg.startsWith("measure=")) {
        measure = Integer.parseInt(arg.substring("measure=".length()));
      } else if (arg.startsWith("requests=")) {
        requests = Files.readAllLines(Path.of(arg.substring("requests=".length())));
      } else {
        throw new IllegalArgumentException("unknown probe argument " + arg);
      }
    }
    if (warmup + measure > 0 && requests.isEmpty()) {
      throw new IllegalArgumentException("warm requests need requests=FILE");
    }
    this.primed = primed;
    this.warmup = warmup;
    this.measure = measure;
    this.requests = requests;
  }

  static ProbeRun of(String[] args) throws IOException {
    return new ProbeRun(args);
  }

  /**
   * The whole lifecycle of one execution environment, as the class comment tells it, for a handler
   * built by {@code init} and called by {@code call}; prints the line.
   */
  static <H> void lifecycle(String[] args, Step<H> init, Call<H> call) throws Exception {
    ProbeRun run = of(args);
    H handler = run.time("init", init);
    run.time(
        "prime",
        () -> {
          if (run.primed) {
            ((org.crac.Resource) handler).beforeCheckpoint(null);
          }
          return null;
        });
    String check = run.time("first", () -> call.handle(handler, run.firstRequest));
    run.warm(request -> call.handle(handler, request), check);
    run.print(check);
  }

  /**
   * One API Gateway event through a stream handler, as Lambda's runtime hands it over; the check is
   * the answer's status code, e.g. {@code status=202}.
   */
  static String apiGatewayCall(RequestStreamHandler handler, String event) throws Exception {
    ByteArrayOutputStream response = new ByteArrayOutputStream();
    handler.handleRequest(
        new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)),
        response,
        new ProbeContext());
    String answer = response.toString(StandardCharsets.UTF_8);
    return "status=" + answer.replaceAll("(?s).*\"statusCode\":(\\d+).*", "$1");
  }

  /** Runs {@code step}, adding its wall and CPU milliseconds to the line as NAME_ms, NAME_cpu_ms. */
  <T> T time(String name, Step<T> step) throws Exception {
    long wall = System.nanoTime();
    long cpu = OS.getProcessCpuTime();
    long thread = THREADS.getCurrentThreadCpuTime();
    T result = step.run();
    add(name + "_ms", (System.nanoTime() - wall) / 1e6);
    add(name + "_cpu_ms", (OS.getProcessCpuTime() - cpu) / 1e6);
    add(name + "_thread_cpu_ms", (THREADS.getCurrentThreadCpuTime() - thread) / 1e6);
    return result;
  }

  /**
   * The warm requests, when asked for: per request, the wall, process CPU and thread CPU
   * microseconds of the measured ones. Every answer must carry the same check as the first.
   */
  void warm(Request request, String expected) throws Exception {
    if (warmup + measure == 0) {
      return;
    }
    List<String> checks = new ArrayList<>();
    int next = 0;
    for (int i = 0; i < warmup; i++) {
      checks.add(request.handle(requests.get(next++ % requests.size())));
    }
    long wall = System.nanoTime();
    long cpu = OS.getProcessCpuTime();
    long thread = THREADS.getCurrentThreadCpuTime();
    for (int i = 0; i < measure; i++) {
      checks.add(request.handle(requests.get(next++ % requests.size())));
    }
    add("warm_n", measure);
    add("warm_wall_us", (System.nanoTime() - wall) / 1e3 / measure);
    add("warm_cpu_us", (OS.getProcessCpuTime() - cpu) / 1e3 / measure);
    add("warm_thread_cpu_us", (THREADS.getCurrentThreadCpuTime() - thread) / 1e3 / measure);
    for (String check : checks) {
      if (!check.equals(expected)) {
        throw new IllegalStateException("a warm request answered " + check + ", not " + expected);
      }
    }
  }

  /** Adds the memory the environment needed and the check, and prints the line. */
  void print(String check) {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    System.gc();
    add("heap_live_mb", memory.getHeapMemoryUsage().getUsed() / 1048576.0);
    add("nonheap_mb", memory.getNonHeapMemoryUsage().getCommitted() / 1048576.0);
    add("rss_peak_mb", peakResidentMegabytes());
    line.append(' ').append(check);
    System.out.println(line);
  }

  private void add(String name, double value) {
    line.append(' ').append(name).append('=').append(String.format(Locale.ROOT, "%.1f", value));
  }

  /** The process's peak resident set (VmHWM), where /proc has it. */
  private static double peakResidentMegabytes() {
    try {
      for (String status : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (status.startsWith("VmHWM:")) {
          return Long.parseLong(status.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux: no figure
    }
    return 0;
  }
}

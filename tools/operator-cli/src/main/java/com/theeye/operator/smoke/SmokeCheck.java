package com.theeye.operator.smoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.theeye.operator.LocalRun;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * {@code make smoke}: what an operator runs right after a deploy. Posts the seed README's pageview
 * (in a fresh session, timestamped now, so a stored copy from an earlier run cannot pass for this
 * one), waits until the query API returns it, posts a click that breaks its schema and waits until
 * it is listed among the application's invalid events. Prints each step with its time; exits 1 on
 * the first failure.
 */
public final class SmokeCheck {

  /** The local runner's seed application, registered by {@code make run}. */
  public static final UUID SEED_APPLICATION =
      UUID.fromString("0e302fce-66ad-4721-911e-0ab9d33697bf");

  private static final Duration POLL_EVERY = Duration.ofMillis(500);

  private final EyeApi api;
  private final UUID application;
  private final Duration deadline;
  private final PrintStream out;

  SmokeCheck(EyeApi api, UUID application, Duration deadline, PrintStream out) {
    this.api = api;
    this.application = application;
    this.deadline = deadline;
    this.out = out;
  }

  /**
   * A check of the API at {@code base}, signing the query API's GETs unless {@code base} is
   * loopback.
   */
  public static SmokeCheck of(URI base, UUID application, Duration deadline, PrintStream out) {
    return new SmokeCheck(
        new EyeApi(base, RequestSigner.forBase(base, System.getenv())), application, deadline, out);
  }

  /**
   * Usage: SmokeCheck [BASE_URL [APPLICATION]]. Without a URL (or with an empty one) it checks the
   * running {@code make run}, found by its endpoints file; SMOKE_TIMEOUT_SECONDS bounds each wait
   * (90).
   */
  public static void main(String[] args) {
    System.exit(run(List.of(args), System.getenv(), System.out, System.err));
  }

  /** Runs the check the arguments and {@code env} name; returns the exit code. */
  public static int run(
      List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
    if (args.size() > 2) {
      err.println(USAGE);
      return 2;
    }
    try {
      String url = args.isEmpty() ? "" : args.get(0).strip();
      URI base = url.isEmpty() ? localRun(env, out) : URI.create(url);
      UUID application =
          args.size() > 1 && !args.get(1).isBlank()
              ? UUID.fromString(args.get(1).strip())
              : SEED_APPLICATION;
      Duration deadline =
          Duration.ofSeconds(Long.parseLong(env.getOrDefault("SMOKE_TIMEOUT_SECONDS", "90")));
      return new SmokeCheck(
                  new EyeApi(base, RequestSigner.forBase(base, env)), application, deadline, out)
              .run()
          ? 0
          : 1;
    } catch (IllegalArgumentException e) {
      err.println("make smoke: " + e.getMessage());
      err.println(USAGE);
      return 2;
    } catch (IllegalStateException e) {
      err.println("make smoke: " + e.getMessage());
      return 1;
    }
  }

  private static final String USAGE =
      "usage: make smoke [URL=<the stack's ApiUrl output>] [APPLICATION=<id>]"
          + " (no URL: the running make run)";

  /** The API of the running {@code make run}, as its endpoints file names it. */
  private static URI localRun(Map<String, String> env, PrintStream out) {
    URI api = LocalRun.find(env).api();
    out.println("No URL: checking the running make run at " + api);
    return api;
  }

  /** Runs every step in order, stopping at the first failure; true when all passed. */
  public boolean run() {
    long started = System.nanoTime();
    out.printf(
        "Smoke test of The Eye (application %s, query API %s)%n",
        application, api.signs() ? "signed with SigV4" : "unsigned: loopback");
    boolean passed;
    try {
      passed = steps();
    } catch (RuntimeException e) {
      out.printf("  FAIL  %s%n", e.getMessage() == null ? e : e.getMessage());
      passed = false;
    }
    out.printf(
        "%s in %d ms%n", passed ? "PASSED" : "FAILED", elapsedMillis(started, System.nanoTime()));
    return passed;
  }

  private boolean steps() {
    String session = UUID.randomUUID().toString();
    Instant since = Instant.now().minus(1, ChronoUnit.MINUTES);

    Optional<String> valid =
        post(
            "POST /api/v1/events (the seed pageview)",
            event(session, "pageview", "{\"host\": \"www.consumeraffairs.com\", \"path\": \"/\"}"));
    if (valid.isEmpty()) {
      return false;
    }
    boolean stored =
        await(
            "GET  /api/v1/events?session_id=" + session,
            "stored and queryable",
            () -> api.get("/api/v1/events", Map.of("session_id", session)),
            valid.get());
    if (!stored) {
      return false;
    }
    Optional<String> invalid =
        post(
            "POST /api/v1/events (a cta click without its element)",
            event(
                session, "cta click", "{\"host\": \"www.consumeraffairs.com\", \"path\": \"/\"}"));
    if (invalid.isEmpty()) {
      return false;
    }
    Map<String, String> query = new LinkedHashMap<>();
    query.put("application", application.toString());
    query.put("from", since.toString());
    query.put("to", Instant.now().plus(1, ChronoUnit.HOURS).toString());
    query.put("limit", "1000");
    return await(
        "GET  /api/v1/invalid-events?application=" + application,
        "kept as an invalid event",
        () -> api.get("/api/v1/invalid-events", query),
        invalid.get());
  }

  private Optional<String> post(String step, String body) {
    long started = System.nanoTime();
    EyeApi.Answer answer = api.postEvent(application, body);
    long took = elapsedMillis(started, System.nanoTime());
    JsonNode id = answer.json() == null ? null : answer.json().get("id");
    if (answer.status() != 202 || id == null) {
      out.printf("  FAIL  %s: %d %s (%d ms)%n", step, answer.status(), answer.body(), took);
      return Optional.empty();
    }
    out.printf("  ok    %s: 202, event %s (%d ms)%n", step, id.asText(), took);
    return Optional.of(id.asText());
  }

  /** Polls until a page of results holds the event, or the deadline passes. */
  private boolean await(String step, String outcome, Supplier<EyeApi.Answer> query, String id) {
    long started = System.nanoTime();
    long giveUpAt = started + deadline.toNanos();
    int polls = 0;
    EyeApi.Answer last;
    do {
      polls++;
      last = query.get();
      if (last.status() != 200) {
        out.printf(
            "  FAIL  %s: %d %s (%d ms)%n",
            step, last.status(), last.body(), elapsedMillis(started, System.nanoTime()));
        return false;
      }
      if (contains(last.json(), id)) {
        out.printf(
            "  ok    %s: %s after %d ms (%d %s)%n",
            step,
            outcome,
            elapsedMillis(started, System.nanoTime()),
            polls,
            polls == 1 ? "query" : "queries");
        return true;
      }
      sleep();
    } while (System.nanoTime() < giveUpAt);
    out.printf(
        "  FAIL  %s: event %s not %s within %d s (%d queries); last answer %s%n",
        step, id, outcome, deadline.toSeconds(), polls, last.body());
    return false;
  }

  private static boolean contains(JsonNode page, String id) {
    if (page == null || !page.path("results").isArray()) {
      return false;
    }
    for (JsonNode result : page.get("results")) {
      if (id.equals(result.path("id").asText())) {
        return true;
      }
    }
    return false;
  }

  private static String event(String session, String name, String data) {
    return "{\"session_id\": \""
        + session
        + "\", \"category\": \"page interaction\", \"name\": \""
        + name
        + "\", \"data\": "
        + data
        + ", \"timestamp\": \""
        + Instant.now().truncatedTo(ChronoUnit.MICROS)
        + "\"}";
  }

  private static void sleep() {
    try {
      Thread.sleep(POLL_EVERY);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting", e);
    }
  }

  private static long elapsedMillis(long fromNanos, long toNanos) {
    return Duration.ofNanos(toNanos - fromNanos).toMillis();
  }
}

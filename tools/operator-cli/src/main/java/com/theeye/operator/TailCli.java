package com.theeye.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.theeye.aws.AwsClients;
import com.theeye.operator.smoke.RequestSigner;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.BooleanSupplier;
import sun.misc.Signal;

/**
 * {@code make tail}: prints events as they arrive, with their outcomes, one line each (or one JSON
 * object per line with {@code --json}), by following {@code GET /api/v1/recent/}'s cursor with its
 * long poll. Reads the running {@code make run} without settings, a deployment with {@code URL=} or
 * {@code --stack NAME} (signed with SigV4 from the default credentials, as {@code make smoke}
 * signs). A lost connection is retried from the last cursor, so nothing is missed; Ctrl-C ends it
 * with status 0. Notes for people (what it watches, a lost connection) go to standard error, so
 * standard output holds only arrivals.
 */
public final class TailCli {

  /** How long to wait before asking again after a failed request. */
  static final Duration RETRY_AFTER = Duration.ofSeconds(1);

  /** Longer than the longest long poll (20 s), which the server ends itself. */
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(40);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI recent;
  private final RequestSigner signer;
  private final TailOptions options;
  private final PrintStream out;
  private final PrintStream err;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  TailCli(URI base, RequestSigner signer, TailOptions options, PrintStream out, PrintStream err) {
    String text = base.toString();
    this.recent =
        URI.create(
            (text.endsWith("/") ? text.substring(0, text.length() - 1) : text) + "/api/v1/recent/");
    this.signer = signer;
    this.options = options;
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    // Ctrl-C is how a tail is meant to end: status 0, not the JVM's 130.
    Signal.handle(new Signal("INT"), signal -> System.exit(0));
    System.exit(run(List.of(args), System.getenv(), System.out, System.err, () -> false));
  }

  /**
   * Follows arrivals as {@code args} ask until {@code stopped} says so (checked between requests)
   * or a request is refused; returns the exit code.
   */
  public static int run(
      List<String> args,
      Map<String, String> env,
      PrintStream out,
      PrintStream err,
      BooleanSupplier stopped) {
    TailOptions options;
    URI base;
    try {
      options = TailOptions.parse(args);
      base = base(options, env, err);
    } catch (IllegalArgumentException e) {
      err.println("make tail: " + e.getMessage());
      err.println(TailOptions.USAGE);
      return 2;
    } catch (IllegalStateException e) {
      err.println("make tail: " + e.getMessage());
      return 1;
    }
    return new TailCli(base, RequestSigner.forBase(base, env), options, out, err).follow(stopped);
  }

  /** The API to read: {@code --url}, the stack's {@code ApiUrl} output, or the running make run. */
  private static URI base(TailOptions options, Map<String, String> env, PrintStream err) {
    if (options.url().isPresent()) {
      return URI.create(options.url().get());
    }
    if (options.stack().isPresent()) {
      return URI.create(
          DeployedStack.describe(AwsClients.fromEnvironment(env), options.stack().get())
              .output("ApiUrl"));
    }
    URI api = LocalRun.find(env).api();
    err.println("No URL: watching the running make run at " + api);
    return api;
  }

  int follow(BooleanSupplier stopped) {
    err.printf(
        "Watching %s%s%s; Ctrl-C to stop%n",
        recent,
        options.filters().isEmpty() ? "" : " for " + options.filters(),
        signer == null ? "" : " (signed with SigV4)");
    String cursor = null;
    boolean connected = true;
    while (!stopped.getAsBoolean()) {
      Map<String, String> parameters = new LinkedHashMap<>(options.filters());
      if (cursor == null) {
        parameters.put("wait", "0");
      } else {
        parameters.remove("from");
        parameters.put("since", cursor);
        parameters.put("wait", Integer.toString(options.waitSeconds()));
      }
      HttpResponse<String> response;
      try {
        response = get(parameters);
      } catch (IOException e) {
        if (connected) {
          err.println(
              "Connection lost (" + e + "); retrying from the last cursor, nothing is missed");
          connected = false;
        }
        pause();
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 0;
      }
      if (!connected) {
        err.println("Connected again");
        connected = true;
      }
      int status = response.statusCode();
      if (status == 200) {
        if (cursor == null) {
          err.println("Following: what arrives from now on is printed");
        }
        cursor = print(response.body());
      } else if (status >= 500 || status == 429) {
        err.println("The API answered " + status + ": " + response.body().strip() + "; retrying");
        pause();
      } else {
        err.println(
            "make tail: the API refused the request (" + status + "): " + response.body().strip());
        return status == 400 ? 2 : 1;
      }
    }
    return 0;
  }

  /** Prints an answer's arrivals; returns its cursor. */
  private String print(String body) {
    JsonNode page;
    try {
      page = JSON.readTree(body);
    } catch (IOException e) {
      throw new IllegalStateException("not JSON from " + recent + ": " + body, e);
    }
    if (page.path("resumed").isObject()) {
      err.println("Note: " + page.path("resumed").path("message").asText());
    }
    for (JsonNode arrival : page.path("results")) {
      if (options.json()) {
        out.println(arrival.toString());
      } else {
        ArrivalLine.of(arrival).forEach(out::println);
      }
    }
    out.flush();
    return page.path("next").asText();
  }

  private HttpResponse<String> get(Map<String, String> parameters)
      throws IOException, InterruptedException {
    StringJoiner query = new StringJoiner("&");
    parameters.forEach(
        (name, value) ->
            query.add(
                name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20")));
    URI uri = URI.create(recent + "?" + query);
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(CALL_TIMEOUT).GET();
    if (signer != null) {
      signer.signGet(uri, request);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private static void pause() {
    try {
      Thread.sleep(RETRY_AFTER);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

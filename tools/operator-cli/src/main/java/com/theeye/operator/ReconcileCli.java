package com.theeye.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.theeye.event.ExactJson;
import com.theeye.operator.smoke.RequestSigner;
import com.theeye.store.TrustedApplication;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * {@code reconcile --from ISO --to ISO [--application UUID] [--stack NAME]}: asks the stats API
 * ({@code GET /api/v1/stats/}) of the running {@code make run}, or of a stack (signed with SigV4),
 * for each application's minutes, prints those that do not reconcile, and exits 1 when one of them
 * is settled (can no longer be in flight), 0 otherwise. Without {@code --application}, every
 * registered application.
 */
public final class ReconcileCli {

  static final String USAGE_TEXT =
      """
      usage: reconcile --from 2026-03-01T00:00:00Z --to 2026-03-02T00:00:00Z [--application UUID] [--stack NAME]
             at most 31 days; without --application, every registered application
             exit 0: every settled minute reconciles; 1: one does not; 2: bad arguments""";

  private ReconcileCli() {}

  public static void main(String[] args) {
    System.exit(run(List.of(args), System.getenv(), System.out, System.err));
  }

  public static int run(
      List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
    Arguments parsed;
    try {
      parsed = Arguments.of(args);
    } catch (IllegalArgumentException e) {
      err.println("reconcile: " + e.getMessage());
      err.println(USAGE_TEXT);
      return ApplicationsCli.USAGE;
    }
    URI api;
    List<UUID> applications;
    try {
      ApplicationsTarget target = ApplicationsTarget.resolve(parsed.stack(), env);
      api =
          parsed.stack().isPresent()
              ? URI.create(
                  DeployedStack.describe(target.clients(), parsed.stack().get()).output("ApiUrl"))
              : LocalRun.find(env).api();
      applications =
          parsed.application().isPresent()
              ? List.of(parsed.application().get())
              : new TrustedApplicationRegistry(
                      target.clients().dynamoDb(), target.table(), Clock.systemUTC())
                  .list().stream().map(TrustedApplication::id).toList();
    } catch (SdkException | IllegalStateException | IllegalArgumentException e) {
      err.println("reconcile: " + e.getMessage());
      return ApplicationsCli.FAILED;
    }
    RequestSigner signer = RequestSigner.forBase(api, env);
    Tally tally = new Tally();
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
      for (UUID application : applications) {
        JsonNode stats = stats(http, signer, api, application, parsed);
        for (JsonNode row : stats.path("results")) {
          tally.add(application, row, out);
        }
      }
    } catch (IOException | IllegalStateException e) {
      err.println("reconcile: " + e.getMessage());
      return ApplicationsCli.FAILED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ApplicationsCli.FAILED;
    }
    out.println(
        "reconcile: "
            + applications.size()
            + " application(s), "
            + tally.minutes
            + " minute(s) with events: "
            + tally.reconciled
            + " reconcile, "
            + tally.inFlight
            + " may still be in flight, "
            + tally.unreconciled
            + " do not");
    return tally.unreconciled > 0 ? ApplicationsCli.FAILED : ApplicationsCli.OK;
  }

  private static JsonNode stats(
      HttpClient http, RequestSigner signer, URI api, UUID application, Arguments parsed)
      throws IOException, InterruptedException {
    URI uri =
        URI.create(
            api.toString().replaceAll("/+$", "")
                + "/api/v1/stats/?application="
                + application
                + "&from="
                + URLEncoder.encode(parsed.from().toString(), StandardCharsets.UTF_8)
                + "&to="
                + URLEncoder.encode(parsed.to().toString(), StandardCharsets.UTF_8));
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60));
    if (signer != null) {
      signer.signGet(uri, request);
    }
    HttpResponse<String> response =
        http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "GET " + uri + " answered " + response.statusCode() + ": " + response.body());
    }
    return ExactJson.MAPPER.readTree(response.body());
  }

  /** The rows seen, and the ones printed: every row that does not reconcile (yet). */
  private static final class Tally {
    long minutes;
    long reconciled;
    long inFlight;
    long unreconciled;

    void add(UUID application, JsonNode row, PrintStream out) {
      minutes++;
      JsonNode verdict = row.path("reconciled");
      if (verdict.isBoolean() && verdict.asBoolean()) {
        reconciled++;
        return;
      }
      String state = verdict.isNull() ? "in flight" : "UNRECONCILED";
      if (verdict.isNull()) {
        inFlight++;
      } else {
        unreconciled++;
      }
      out.println(
          application
              + " "
              + row.path("minute").asText()
              + " accepted="
              + row.path("accepted").asLong()
              + " stored="
              + row.path("stored").asLong()
              + " invalid="
              + row.path("invalid").asLong()
              + " duplicate="
              + row.path("duplicate").asLong()
              + " suppressed="
              + row.path("suppressed").asLong()
              + " dead_lettered="
              + row.path("dead_lettered").asLong()
              + " queued="
              + row.path("queued").asLong()
              + " "
              + state);
    }
  }

  /** The command line, read strictly: each option once, nothing else. */
  record Arguments(Instant from, Instant to, Optional<UUID> application, Optional<String> stack) {

    static Arguments of(List<String> args) {
      Instant from = null;
      Instant to = null;
      UUID application = null;
      String stack = null;
      for (int i = 0; i < args.size(); i += 2) {
        String option = args.get(i);
        if (i + 1 >= args.size()) {
          throw new IllegalArgumentException(option + " needs a value");
        }
        String value = args.get(i + 1);
        switch (option) {
          case "--from" -> from = instant(option, value);
          case "--to" -> to = instant(option, value);
          case "--application" -> {
            try {
              application = UUID.fromString(value);
            } catch (IllegalArgumentException e) {
              throw new IllegalArgumentException("--application must be a UUID, not " + value);
            }
          }
          case "--stack" -> stack = value;
          default -> throw new IllegalArgumentException("unknown option " + option);
        }
      }
      if (from == null || to == null) {
        throw new IllegalArgumentException("--from and --to are required");
      }
      if (!to.isAfter(from)) {
        throw new IllegalArgumentException("--to must be later than --from");
      }
      return new Arguments(from, to, Optional.ofNullable(application), Optional.ofNullable(stack));
    }

    private static Instant instant(String option, String value) {
      try {
        return Instant.parse(value);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            option + " must be an ISO-8601 instant like 2026-03-01T00:00:00Z, not " + value);
      }
    }
  }
}

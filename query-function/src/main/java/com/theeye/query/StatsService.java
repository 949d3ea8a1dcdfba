package com.theeye.query;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.theeye.accounting.AccountingReader;
import com.theeye.accounting.MinuteStats;
import com.theeye.accounting.MinuteTally;
import com.theeye.event.EventTimestamps;
import com.theeye.event.ExactJson;
import com.theeye.event.Uuids;
import com.theeye.http.ApiResource;
import com.theeye.http.HttpRequest;
import com.theeye.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * {@code GET /api/v1/stats/?application=…&from=…&to=…}: the accounting's rows, one per minute of
 * arrival that counts something, each saying whether it reconciles ({@link MinuteStats}). Reads
 * only, from an {@link AccountingReader}; knows nothing of Lambda.
 */
public final class StatsService {

  static final String USAGE = "Ask for stats by application with from and to.";
  private static final Set<String> PARAMETERS = Set.of("application", "from", "to");

  private final AccountingReader reader;
  private final Duration maxRange;
  private final Duration settleAfter;
  private final Clock clock;

  StatsService(AccountingReader reader, Duration maxRange, Duration settleAfter, Clock clock) {
    this.reader = reader;
    this.maxRange = maxRange;
    this.settleAfter = settleAfter;
    this.clock = clock;
  }

  /** The stats of {@code reader}, with {@code config}'s range limit and settle time. */
  public static StatsService create(QueryConfig config, AccountingReader reader) {
    return new StatsService(
        reader, config.maxQueryRange(), config.settleAfter(), Clock.systemUTC());
  }

  /** Whether {@code path} is this service's: the stats resource, the trailing slash optional. */
  static boolean serves(String path) {
    return ApiResource.of(path).equals(Optional.of(ApiResource.STATS));
  }

  /** The answer where no accounting is wired: a query function's tests'. */
  static QueryOutcome notServed() {
    return refused(HttpResponse.detail(404, "Not found."), "no accounting");
  }

  QueryOutcome handle(HttpRequest request) {
    if (!request.method().equals("GET")) {
      return refused(ApiResource.STATS.methodNotAllowed(request.method()), "method not allowed");
    }
    Map<String, String> parameters = request.query();
    Map<String, String> errors = new LinkedHashMap<>();
    parameters.keySet().stream()
        .filter(name -> !PARAMETERS.contains(name))
        .sorted()
        .findFirst()
        .ifPresent(
            name -> errors.put("non_field_errors", "Unknown parameter \"" + name + "\". " + USAGE));
    UUID application = null;
    String applicationText = parameters.get("application");
    if (applicationText == null) {
      errors.put("application", QueryParameters.REQUIRED);
    } else {
      application = Uuids.parse(applicationText).orElse(null);
      if (application == null) {
        errors.put("application", QueryParameters.NOT_A_UUID);
      }
    }
    Instant from = instant(parameters, "from", errors);
    Instant to = instant(parameters, "to", errors);
    if (from != null && to != null) {
      if (!to.isAfter(from)) {
        errors.put("to", "Must be later than from.");
      } else if (Duration.between(from, to).compareTo(maxRange) > 0) {
        errors.put(
            "to", "The range from from to to may span at most " + maxRange.toDays() + " days.");
      }
    }
    if (!errors.isEmpty()) {
      ObjectNode body = ExactJson.MAPPER.createObjectNode();
      errors.forEach((field, message) -> body.putArray(field).add(message));
      return refused(HttpResponse.json(400, body), "invalid parameters");
    }
    List<MinuteTally> tallies;
    try {
      tallies = reader.read(application, MinuteTally.minuteOf(from), to);
    } catch (RuntimeException e) {
      return new QueryOutcome(
          HttpResponse.detail(503, "The Eye cannot read its counts right now; retry later.")
              .withHeader("retry-after", Long.toString(QueryService.STORAGE_RETRY_AFTER_SECONDS)),
          "stats",
          0,
          "counts unavailable: " + e.getClass().getSimpleName());
    }
    Instant now = clock.instant();
    ObjectNode body = ExactJson.MAPPER.createObjectNode();
    body.put("application", application.toString());
    body.put("from", EventTimestamps.format(from));
    body.put("to", EventTimestamps.format(to));
    ArrayNode rows = body.putArray("results");
    for (MinuteTally tally : tallies) {
      rows.add(MinuteStats.of(tally, now, settleAfter).json());
    }
    return new QueryOutcome(HttpResponse.json(200, body), "stats", rows.size(), null);
  }

  private static Instant instant(
      Map<String, String> parameters, String name, Map<String, String> errors) {
    String value = parameters.get(name);
    if (value == null) {
      errors.put(name, QueryParameters.REQUIRED);
      return null;
    }
    Optional<Instant> parsed = EventTimestamps.parse(value);
    if (parsed.isEmpty()) {
      errors.put(name, EventTimestamps.FORMAT_ERROR);
      return null;
    }
    return EventTimestamps.normalize(parsed.get());
  }

  private static QueryOutcome refused(HttpResponse response, String problem) {
    return new QueryOutcome(response, null, 0, problem);
  }
}

package com.theeye.query;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.theeye.event.ExactJson;
import com.theeye.http.HttpRequest;
import com.theeye.http.HttpResponse;
import com.theeye.http.RequestDeadline;
import com.theeye.signing.CursorKeys;
import com.theeye.store.TrustedApplication;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * {@code GET /api/v1/recent/}: the arrivals after a cursor with their outcomes, waiting up to
 * {@code wait} seconds (20 by default) when there are none yet and answering as soon as one comes.
 * Reads an {@link ArrivalFeed}, filters what it reads, and signs the feed's position into {@code
 * next} with the query API's cursor keys, so a cursor cannot be forged or altered. The cursor is
 * bound to this route, not to its filters: a reader may change filters and go on from where it was.
 *
 * <p>The wait ends before the invocation does ({@link RequestDeadline}, less {@link
 * #ANSWER_MARGIN}), whatever the function's timeout; without a deadline (priming) nothing waits.
 */
final class RecentService {

  /** Kept back from the invocation's deadline to read once more and answer. */
  static final Duration ANSWER_MARGIN = Duration.ofSeconds(3);

  /**
   * How long one request goes on reading while its feed says more is there already, before it
   * answers with {@code "more": true}: a feed far behind (a stream read from its start) is read
   * over several requests, each answering in time.
   */
  static final Duration READ_BUDGET = Duration.ofSeconds(5);

  static final String UNKNOWN_APPLICATION = "No application has this id.";

  /** What every {@code /recent/} cursor is signed for: the route, not its filters. */
  private static final ObjectNode FINGERPRINT =
      ExactJson.MAPPER.createObjectNode().put("query", "recent");

  /**
   * Bytes kept in each answer's budget for its fields beside {@code results} and {@code next}: a
   * resumption notice is a few hundred; the application's own fields are counted exactly.
   */
  private static final int NOTICE_BYTES = 2048;

  private final ArrivalFeed feed;
  private final KnownApplications applications;
  private final Clock clock;
  private final int maxResponseBytes;

  RecentService(
      ArrivalFeed feed, KnownApplications applications, Clock clock, int maxResponseBytes) {
    this.feed = feed;
    this.applications = applications;
    this.clock = clock;
    this.maxResponseBytes = maxResponseBytes;
  }

  QueryOutcome handle(HttpRequest request, CursorKeys keys) {
    return switch (RecentParameters.parse(request.query())) {
      case RecentParameters.Invalid invalid ->
          refused(HttpResponse.json(400, invalid.errors()), "invalid parameters");
      case RecentParameters.Request valid -> answer(valid, keys);
    };
  }

  private QueryOutcome answer(RecentParameters.Request request, CursorKeys keys) {
    Optional<String> noKey = keys.unavailable();
    if (noKey.isPresent()) {
      return unavailable(
          QueryService.NO_CURSOR_KEY,
          CursorKeys.FIRST_READ_RETRY.toSeconds(),
          "cursor key unavailable: " + noKey.get());
    }
    CursorSigner cursors = new CursorSigner(keys);
    Optional<String> position = Optional.empty();
    if (request.since().isPresent()) {
      position = cursors.verify(request.since().get(), FINGERPRINT);
      if (position.isEmpty()) {
        return invalidCursor();
      }
    }
    try {
      Optional<TrustedApplication> application = Optional.empty();
      if (request.filter().application().isPresent()) {
        application = applications.find(request.filter().application().get());
        if (application.isEmpty()) {
          return refused(
              HttpResponse.fieldError(400, "application", UNKNOWN_APPLICATION),
              "unknown application");
        }
      }
      Instant now = clock.instant();
      String from = position.orElseGet(() -> feed.start(request.from().orElse(now)));
      return read(request, from, application, cursors, now);
    } catch (IllegalArgumentException e) {
      return invalidCursor(); // signed here, but not a position this feed makes
    } catch (SdkException e) {
      return unavailable(
          "The Eye cannot answer queries right now; retry later.",
          QueryService.STORAGE_RETRY_AFTER_SECONDS,
          "storage unavailable: " + e.getClass().getSimpleName());
    }
  }

  /** Reads from {@code position}, waiting while nothing matches, and answers what it found. */
  private QueryOutcome read(
      RecentParameters.Request request,
      String position,
      Optional<TrustedApplication> application,
      CursorSigner cursors,
      Instant now) {
    ObjectNode extras = extras(application);
    int reserved = ResponseBudget.proxyResponseBytes(extras) + NOTICE_BYTES;
    ResponseBudget budget =
        new ResponseBudget(
            maxResponseBytes, after -> cursors.length(FINGERPRINT, after) + reserved);
    Optional<Instant> deadline = RequestDeadline.current().map(d -> d.minus(ANSWER_MARGIN));
    Instant waitUntil = earliest(now.plus(request.waitFor()), deadline.orElse(now));
    Instant readUntil = earliest(now.plus(READ_BUDGET), deadline.orElse(now.plus(READ_BUDGET)));
    Optional<ArrivalFeed.Resumed> resumed = Optional.empty();
    int results = 0;
    boolean more = false;
    while (true) {
      ArrivalFeed.Read read = feed.read(position, request.limit());
      if (resumed.isEmpty()) {
        resumed = read.resumed();
      }
      boolean full = false;
      for (ArrivalFeed.Step step : read.steps()) {
        if (request.filter().matches(step.arrival())) {
          if (results == request.limit() || !budget.admit(step.arrival().json(), step.after())) {
            full = true;
            break;
          }
          results++;
        }
        position = step.after();
      }
      if (full) {
        more = true;
        break;
      }
      position = read.end();
      Instant at = clock.instant();
      if (read.more()) {
        if (at.isBefore(readUntil)) {
          continue;
        }
        more = true;
        break;
      }
      if (results > 0 || !at.isBefore(waitUntil)) {
        break;
      }
      try {
        feed.await(position, waitUntil);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    ObjectNode body = ResponseBudget.page(budget.results(), cursors.sign(FINGERPRINT, position));
    body.put("more", more);
    resumed.ifPresentOrElse(
        r -> body.putObject("resumed").put("reason", r.reason()).put("message", r.message()),
        () -> body.putNull("resumed"));
    body.setAll(extras);
    return new QueryOutcome(HttpResponse.json(200, body), "recent", results, null);
  }

  /** {@code outcomes} (what this feed records) and {@code application} (when one was asked). */
  private ObjectNode extras(Optional<TrustedApplication> application) {
    ObjectNode extras = ExactJson.MAPPER.createObjectNode();
    ArrayNode outcomes = extras.putArray("outcomes");
    feed.outcomes().forEach(outcome -> outcomes.add(outcome.text()));
    application.ifPresentOrElse(
        app ->
            extras
                .putObject("application")
                .put("id", app.id().toString())
                .put("name", app.name())
                .put("enabled", app.enabled()),
        () -> extras.putNull("application"));
    return extras;
  }

  private static Instant earliest(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static QueryOutcome invalidCursor() {
    return refused(
        HttpResponse.fieldError(400, "since", QueryService.INVALID_CURSOR), "invalid cursor");
  }

  private static QueryOutcome unavailable(String detail, long retryAfterSeconds, String problem) {
    return new QueryOutcome(
        HttpResponse.detail(503, detail)
            .withHeader("retry-after", Long.toString(retryAfterSeconds)),
        "recent",
        0,
        problem);
  }

  private static QueryOutcome refused(HttpResponse response, String problem) {
    return new QueryOutcome(response, "recent", 0, problem);
  }
}

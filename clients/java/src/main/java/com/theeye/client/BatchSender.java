package com.theeye.client;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

/**
 * Posts batches to The Eye until each event is accepted or refused. Network errors, 429 and 5xx are
 * retried with {@link Backoff} (safe: an event's id comes from its content, so a retry of an event
 * that did reach the queue is stored once). A 413, or a 400 for a batch of several, splits the
 * batch in halves, so one bad event does not take the others with it. Any other answer is a
 * refusal: those events are dropped, counted, told to the drop listener and logged once per status,
 * never retried. Every request stamps each of its events with {@code sent_at}, retries included.
 */
final class BatchSender {

  private static final System.Logger LOG = System.getLogger(TheEyeClient.class.getName());

  private final HttpClient http;
  private final URI eventsUri;
  private final String application;
  private final Duration requestTimeout;
  private final Backoff backoff;
  private final Drops drops;
  private final BiConsumer<String, String> onReceipt;
  private final Set<Integer> statusesLogged = ConcurrentHashMap.newKeySet();
  final LongAdder accepted = new LongAdder();
  final LongAdder refused = new LongAdder();

  BatchSender(
      HttpClient http,
      URI eventsUri,
      String application,
      Duration requestTimeout,
      Backoff backoff,
      Drops drops,
      BiConsumer<String, String> onReceipt) {
    this.http = http;
    this.eventsUri = eventsUri;
    this.application = application;
    this.requestTimeout = requestTimeout;
    this.backoff = backoff;
    this.drops = drops;
    this.onReceipt = onReceipt;
  }

  /** Returns once every event of the batch was accepted or refused. */
  void deliver(List<EventBuffer.Entry> batch) throws InterruptedException {
    Deque<List<EventBuffer.Entry>> parts = new ArrayDeque<>();
    parts.push(batch);
    while (!parts.isEmpty()) {
      List<EventBuffer.Entry> part = parts.pop();
      HttpResponse<String> response = postUntilAnswered(part);
      int status = response.statusCode();
      if (status >= 200 && status < 300) {
        accepted.add(part.size());
        tellReceipts(response.body());
      } else if ((status == 400 || status == 413) && part.size() > 1) {
        int half = part.size() / 2;
        parts.push(part.subList(half, part.size()));
        parts.push(part.subList(0, half));
      } else {
        refused.add(part.size());
        drops.report(DropReason.REFUSED, part.stream().map(EventBuffer.Entry::json).toList());
        if (statusesLogged.add(status)) {
          LOG.log(
              Level.WARNING,
              "The Eye refused events with {0} (not retried; logged once per status): {1}",
              status,
              response.body());
        }
      }
    }
  }

  /**
   * Tells the receipt listener the id and receipt of each event a 202 echoes. An answer without
   * receipts (The Eye could not sign them yet) or that is not the expected JSON tells it nothing:
   * the events were accepted all the same.
   */
  private void tellReceipts(String body) {
    if (onReceipt == null) {
      return;
    }
    Object echo;
    try {
      echo = JsonReader.read(body);
    } catch (IllegalArgumentException e) {
      LOG.log(Level.DEBUG, "a 202 that is not JSON: no receipts ({0})", e.getMessage());
      return;
    }
    List<?> events = echo instanceof List<?> list ? list : List.of(echo);
    for (Object event : events) {
      if (event instanceof Map<?, ?> fields
          && fields.get("id") instanceof String id
          && fields.get("receipt") instanceof String receipt) {
        try {
          onReceipt.accept(id, receipt);
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "The Eye client's onReceipt listener threw", e);
        }
      }
    }
  }

  /** Posts until The Eye answers something other than 429 or 5xx. */
  private HttpResponse<String> postUntilAnswered(List<EventBuffer.Entry> part)
      throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      Optional<String> retryAfter = Optional.empty();
      try {
        HttpResponse<String> response =
            http.send(request(part), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 429 && response.statusCode() < 500) {
          return response;
        }
        retryAfter = response.headers().firstValue("retry-after");
        LOG.log(Level.DEBUG, "The Eye answered {0}; retrying", response.statusCode());
      } catch (IOException e) {
        LOG.log(Level.DEBUG, "cannot reach The Eye ({0}); retrying", e.toString());
      }
      Thread.sleep(backoff.delay(attempt, retryAfter));
    }
  }

  private HttpRequest request(List<EventBuffer.Entry> part) {
    String sentAt = backoff.clock().instant().truncatedTo(ChronoUnit.MICROS).toString();
    return HttpRequest.newBuilder(eventsUri)
        .timeout(requestTimeout)
        .header("application", application)
        .header("content-type", "application/json")
        .POST(
            HttpRequest.BodyPublishers.ofString(
                part.stream()
                    .map(entry -> Json.withSentAt(entry.json(), sentAt))
                    .collect(Collectors.joining(",", "[", "]"))))
        .build();
  }
}

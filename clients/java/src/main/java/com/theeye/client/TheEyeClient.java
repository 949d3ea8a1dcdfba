package com.theeye.client;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;

/**
 * Sends events to The Eye from a server. {@link #track} never blocks: it puts the event in a
 * bounded buffer and returns; one background thread sends batches, retrying what may succeed later.
 *
 * <p><b>When the buffer is full</b> (The Eye unreachable for long, or events tracked faster than
 * they can be sent), {@code track} drops the new event and returns {@code false}; {@link
 * #droppedEvents()} counts them, {@code onDrop} is told, and the first drop of each episode is
 * logged. The oldest events are kept because they are the ones already being retried. Memory is
 * bounded by {@code maxQueuedEvents} events plus one batch in flight.
 *
 * <p><b>With a disk queue</b> ({@code diskQueue(directory, maxBytes)}, off by default) every event
 * is written to that directory before {@code track} returns, and what was not answered when the
 * host application stopped (close, crash, kill -9) is sent by the next client that opens it.
 *
 * <pre>{@code
 * try (TheEyeClient eye = TheEyeClient.builder()
 *     .endpoint(URI.create("https://events.example.com"))
 *     .application(UUID.fromString("0e302fce-66ad-4721-911e-0ab9d33697bf"))
 *     .build()) {
 *   eye.track(sessionId, "form interaction", "submit", Map.of("host", "shop.example", "path", "/"));
 * } // close() sends what is left
 * }</pre>
 */
public final class TheEyeClient implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(TheEyeClient.class.getName());

  private final EventBuffer buffer;
  private final BatchSender sender;
  private final Drops drops;
  private final UnaryOperator<TrackedEvent> beforeSend;
  private final boolean onDisk;
  private final Duration closeTimeout;
  private final Clock clock;
  private final Thread thread;
  private final AtomicBoolean dropping = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final HttpClient http;
  private final URI receiptsUri;
  private final String application;
  private final Duration requestTimeout;

  private TheEyeClient(Builder builder) {
    this.clock = builder.clock;
    this.closeTimeout = builder.closeTimeout;
    this.beforeSend = builder.beforeSend;
    this.drops = new Drops(builder.onDrop);
    this.onDisk = builder.diskDirectory != null;
    this.buffer =
        new EventBuffer(
            builder.maxQueuedEvents,
            builder.batchSize,
            builder.flushInterval.toNanos(),
            onDisk ? DiskQueue.open(builder.diskDirectory, builder.diskMaxBytes) : null);
    String base = builder.endpoint.toString();
    String root = base + (base.endsWith("/") ? "" : "/");
    this.http = builder.httpClient;
    this.receiptsUri = URI.create(root + "api/v1/receipts/");
    this.application = builder.application.toString();
    this.requestTimeout = builder.requestTimeout;
    this.sender =
        new BatchSender(
            builder.httpClient,
            URI.create(root + "api/v1/events/"),
            builder.application.toString(),
            builder.requestTimeout,
            new Backoff(
                builder.minRetryDelay, builder.maxRetryDelay, RandomGenerator.getDefault(), clock),
            drops,
            builder.onReceipt);
    this.thread = Thread.ofVirtual().name("the-eye-client").start(this::sendUntilClosed);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Tracks an event that happens now (this machine's clock). See {@link #track(TrackedEvent)}. */
  public boolean track(UUID sessionId, String category, String name, Map<String, ?> data) {
    return track(TrackedEvent.of(sessionId, category, name, data));
  }

  /** Tracks an event at the given time. See {@link #track(TrackedEvent)}. */
  public boolean track(
      UUID sessionId, String category, String name, Map<String, ?> data, Instant timestamp) {
    return track(
        TrackedEvent.of(sessionId, category, name, data)
            .withTimestamp(Objects.requireNonNull(timestamp, "timestamp")));
  }

  /**
   * Queues an event (with its identity, when it has one) and returns at once; {@code beforeSend}
   * sees it first.
   *
   * @return false when the event was not queued: beforeSend dropped it, the buffer (or the disk
   *     queue) is full, or the client closed
   * @throws IllegalArgumentException when {@code data} holds something JSON cannot carry
   */
  public boolean track(TrackedEvent event) {
    TrackedEvent sent = beforeSend.apply(Objects.requireNonNull(event, "event"));
    if (sent == null) {
      return false;
    }
    String json = Json.event(sent, sent.timestamp() == null ? clock.instant() : sent.timestamp());
    if (buffer.offer(json)) {
      dropping.set(false);
      return true;
    }
    drops.report(closed.get() ? DropReason.CLOSED : DropReason.OVERFLOW, List.of(json));
    if (dropping.compareAndSet(false, true)) {
      LOG.log(
          Level.WARNING,
          closed.get()
              ? "The Eye client is closed: events are dropped"
              : "The Eye client's buffer is full: new events are dropped until it drains");
    }
    return false;
  }

  /**
   * Completes when every event tracked before this call was answered: accepted, or refused and
   * dropped. While The Eye is unreachable it keeps waiting: bound it with {@code orTimeout}.
   */
  public CompletableFuture<Void> flush() {
    return buffer.flush();
  }

  /**
   * What became of an event The Eye accepted, by the receipt {@code onReceipt} was given for it:
   * one {@code GET /api/v1/receipts/{receipt}}, not retried. Pending events become stored or
   * invalid within seconds; ask again later rather than in a tight loop.
   *
   * @return the status, or empty when The Eye does not know the receipt (404: another
   *     application's, altered, or signed with a key The Eye no longer holds)
   * @throws IOException when The Eye cannot be reached or answers anything else (401, 503, ...),
   *     with the status and body
   */
  public Optional<ReceiptStatus> receipt(String receipt) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(
                    receiptsUri.resolve(
                        URLEncoder.encode(
                            Objects.requireNonNull(receipt, "receipt"), StandardCharsets.UTF_8)))
                .timeout(requestTimeout)
                .header("application", application)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return switch (response.statusCode()) {
      case 200 -> Optional.of(ReceiptStatus.fromJson(response.body()));
      case 404 -> Optional.empty();
      default ->
          throw new IOException(
              "The Eye answered " + response.statusCode() + " for a receipt: " + response.body());
    };
  }

  /** Events The Eye accepted (202: queued for storage). */
  public long acceptedEvents() {
    return sender.accepted.sum();
  }

  /** Events The Eye refused (400, 401, 403, ...): never retried. */
  public long refusedEvents() {
    return sender.refused.sum();
  }

  /**
   * Events never sent: tracked while the buffer was full or after close, or left at close (without
   * a disk queue).
   */
  public long droppedEvents() {
    return drops.dropped.sum();
  }

  /**
   * Stops taking events and sends what is queued, waiting up to {@code closeTimeout}; what is still
   * unsent then (The Eye unreachable) is dropped, counted and logged, or, with a disk queue, left
   * there for the next client.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    buffer.close();
    try {
      if (!thread.join(closeTimeout)) {
        thread.interrupt();
        thread.join();
      }
    } catch (InterruptedException e) {
      thread.interrupt();
      Thread.currentThread().interrupt();
    }
  }

  private void sendUntilClosed() {
    List<EventBuffer.Entry> batch = List.of();
    try {
      while (!(batch = buffer.nextBatch()).isEmpty()) {
        sender.deliver(batch);
        buffer.answeredThrough(batch.getLast().sequence());
        batch = List.of();
      }
      buffer.finished();
    } catch (InterruptedException stopped) {
      List<String> left = new ArrayList<>(batch.stream().map(EventBuffer.Entry::json).toList());
      left.addAll(buffer.abandon());
      if (onDisk) {
        LOG.log(
            Level.INFO,
            "The Eye client closed with {0} event(s) unsent, kept in its disk queue for the next"
                + " start",
            left.size());
      } else {
        drops.report(DropReason.CLOSED, left);
        LOG.log(Level.WARNING, "The Eye client closed with {0} event(s) unsent", left.size());
      }
    }
  }

  /** Settings of a {@link TheEyeClient}; endpoint and application are required. */
  public static final class Builder {
    private URI endpoint;
    private UUID application;
    private int batchSize = 50;
    private Duration flushInterval = Duration.ofSeconds(1);
    private int maxQueuedEvents = 10_000;
    private Duration minRetryDelay = Duration.ofMillis(500);
    private Duration maxRetryDelay = Duration.ofSeconds(30);
    private Duration requestTimeout = Duration.ofSeconds(10);
    private Duration closeTimeout = Duration.ofSeconds(10);
    private HttpClient httpClient;
    private Clock clock = Clock.systemUTC();
    private UnaryOperator<TrackedEvent> beforeSend = UnaryOperator.identity();
    private BiConsumer<DropReason, List<String>> onDrop = (reason, events) -> {};
    private BiConsumer<String, String> onReceipt;
    private Path diskDirectory;
    private long diskMaxBytes;

    private Builder() {}

    /** The Eye's base URL, e.g. {@code http://127.0.0.1:8000} or the stack's API URL. */
    public Builder endpoint(URI endpoint) {
      this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
      return this;
    }

    /** The trusted application these events come from. */
    public Builder application(UUID application) {
      this.application = Objects.requireNonNull(application, "application");
      return this;
    }

    /**
     * Events per request, 1 to 1000: at most the server's MAX_BATCH_EVENTS (default 500). Default
     * 50.
     */
    public Builder batchSize(int batchSize) {
      if (batchSize < 1 || batchSize > 1000) {
        throw new IllegalArgumentException("batchSize must be 1 to 1000, was " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    /** How long an event may wait for its batch to fill; default 1 s. */
    public Builder flushInterval(Duration flushInterval) {
      this.flushInterval = positive(flushInterval, "flushInterval");
      return this;
    }

    /** Events kept in memory while they wait; beyond it track() drops new ones. Default 10,000. */
    public Builder maxQueuedEvents(int maxQueuedEvents) {
      if (maxQueuedEvents < 1) {
        throw new IllegalArgumentException(
            "maxQueuedEvents must be positive, was " + maxQueuedEvents);
      }
      this.maxQueuedEvents = maxQueuedEvents;
      return this;
    }

    /** The first retry's delay and the cap the doubling delays stop at; default 500 ms and 30 s. */
    public Builder retryDelays(Duration min, Duration max) {
      this.minRetryDelay = positive(min, "min");
      this.maxRetryDelay = positive(max, "max");
      if (max.compareTo(min) < 0) {
        throw new IllegalArgumentException("max retry delay " + max + " is below min " + min);
      }
      return this;
    }

    /** One request's time limit; a request that times out is retried. Default 10 s. */
    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = positive(requestTimeout, "requestTimeout");
      return this;
    }

    /** How long close() may spend sending what is left; default 10 s. */
    public Builder closeTimeout(Duration closeTimeout) {
      this.closeTimeout = positive(closeTimeout, "closeTimeout");
      return this;
    }

    /** The HTTP client to send with (proxy, TLS settings); default a new one. */
    public Builder httpClient(HttpClient httpClient) {
      this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
      return this;
    }

    /** The clock that timestamps events tracked without one; default UTC system time. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sees each event before it is queued: return it (changed or not), or null to drop it. Where an
     * application removes personal data; it runs on the thread that calls track.
     */
    public Builder beforeSend(UnaryOperator<TrackedEvent> beforeSend) {
      this.beforeSend = Objects.requireNonNull(beforeSend, "beforeSend");
      return this;
    }

    /**
     * Told the id and the receipt of each event The Eye accepts, on the client's sending thread
     * (keep it quick): hand the receipt to {@link TheEyeClient#receipt} later to learn whether the
     * event was stored. Events accepted before The Eye could read its signing key carry no receipt.
     */
    public Builder onReceipt(BiConsumer<String, String> onReceipt) {
      this.onReceipt = Objects.requireNonNull(onReceipt, "onReceipt");
      return this;
    }

    /**
     * Told about every event dropped unsent, as the JSON it would have been sent as, with why. It
     * runs on the thread that dropped them (track's for OVERFLOW and CLOSED, the sender's for
     * REFUSED and at close): keep it quick.
     */
    public Builder onDrop(BiConsumer<DropReason, List<String>> onDrop) {
      this.onDrop = Objects.requireNonNull(onDrop, "onDrop");
      return this;
    }

    /**
     * Keeps queued events in {@code directory} too (created if missing; one client at a time), so a
     * restart of the host application sends what it had not. At most {@code maxBytes} of events
     * wait there; beyond it new events are dropped (OVERFLOW). Off by default.
     */
    public Builder diskQueue(Path directory, long maxBytes) {
      if (maxBytes < 4096) {
        throw new IllegalArgumentException(
            "the disk queue's maxBytes must be at least 4096, was " + maxBytes);
      }
      this.diskDirectory = Objects.requireNonNull(directory, "directory");
      this.diskMaxBytes = maxBytes;
      return this;
    }

    /**
     * @throws IllegalStateException without endpoint or application, or when another client uses
     *     the disk queue's directory
     */
    public TheEyeClient build() {
      if (endpoint == null || application == null) {
        throw new IllegalStateException("endpoint and application are required");
      }
      if (httpClient == null) {
        httpClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      }
      return new TheEyeClient(this);
    }

    private static Duration positive(Duration value, String name) {
      if (value == null || value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, was " + value);
      }
      return value;
    }
  }
}

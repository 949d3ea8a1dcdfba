package com.theeye.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;

/**
 * An HTTP proxy in front of an emulator that passes requests through or answers them with the
 * errors a real service gives under load or in an outage, so tests can show what code under test
 * does then. Point an SDK client's endpoint at {@link #uri()}; switch modes at any time, from any
 * thread.
 */
public final class FaultInjectingProxy implements AutoCloseable {

  /** How a request the proxy does not pass through is answered. */
  public enum Fault {
    /**
     * HTTP 400 with DynamoDB's {@code ProvisionedThroughputExceededException}: the SDK retries it
     * as throttling.
     */
    THROTTLING(
        400,
        "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException\","
            + "\"message\":\"The level of configured provisioned throughput for the table was exceeded.\"}"),
    /** HTTP 500, as a service failing internally answers. */
    SERVER_ERROR(
        500,
        "{\"__type\":\"com.amazon.coral.service#InternalFailure\",\"message\":\"injected server error\"}");

    private final int status;
    private final String body;

    Fault(int status, String body) {
      this.status = status;
      this.body = body;
    }
  }

  // The JDK client sets these itself and refuses them from callers.
  private static final Set<String> RESTRICTED_HEADERS =
      Set.of(
          "connection",
          "content-length",
          "date",
          "expect",
          "host",
          "keep-alive",
          "transfer-encoding",
          "upgrade",
          "via",
          "warning");

  private final HttpServer server;
  private final ExecutorService handlers;
  private final HttpClient client;
  private final URI target;

  /**
   * DynamoDB's write operations ({@code X-Amz-Target: DynamoDB_20120810.<operation>}), which
   * consume write capacity.
   */
  private static final Set<String> WRITES =
      Set.of("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems");

  private final AtomicLong passesLeft = new AtomicLong(Long.MAX_VALUE);
  private final AtomicLong faultsAnswered = new AtomicLong();
  private volatile Fault fault = Fault.THROTTLING;
  private volatile double refusedWriteShare;

  private FaultInjectingProxy(HttpServer server, ExecutorService handlers, URI target) {
    this.server = server;
    this.handlers = handlers;
    this.target = target;
    this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  }

  /** Starts a proxy on a free loopback port, passing everything through to {@code target}. */
  public static FaultInjectingProxy start(URI target) {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
      ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
      FaultInjectingProxy proxy = new FaultInjectingProxy(server, handlers, target);
      server.createContext("/", proxy::handle);
      server.setExecutor(handlers);
      server.start();
      return proxy;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the fault-injecting proxy", e);
    }
  }

  /** Where clients should send their requests. */
  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Every request from now on reaches the target. */
  public void passThrough() {
    refusedWriteShare = 0;
    passesLeft.set(Long.MAX_VALUE);
  }

  /**
   * From now on {@code share} of the writes (0 to 1) are answered with {@code fault}, every time
   * they are sent; reads and the other writes reach the target. Which writes is decided by their
   * request body: a write the SDK retries is refused again, as one to a table short of capacity is
   * while autoscaling catches up, instead of a coin flip per attempt that the SDK's own retries
   * mostly absorb. Ends with {@link #passThrough()}.
   */
  public void refuseWrites(double share, Fault fault) {
    if (share < 0 || share > 1) {
      throw new IllegalArgumentException("share must be between 0 and 1, was " + share);
    }
    this.fault = fault;
    this.refusedWriteShare = share;
  }

  /** How many requests the proxy has answered with a fault so far. */
  public long faultsAnswered() {
    return faultsAnswered.get();
  }

  /**
   * The next {@code requests} requests reach the target; every one after them is answered with
   * {@code fault}.
   */
  public void failAfter(long requests, Fault fault) {
    this.fault = fault;
    passesLeft.set(requests);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] requestBody = exchange.getRequestBody().readAllBytes();
      if (refused(exchange, requestBody)
          || passesLeft.getAndUpdate(left -> left == Long.MAX_VALUE ? left : Math.max(left - 1, -1))
              <= 0) {
        faultsAnswered.incrementAndGet();
        respond(
            exchange,
            fault.status,
            Map.of("Content-Type", List.of("application/x-amz-json-1.0")),
            fault.body.getBytes(StandardCharsets.UTF_8));
        return;
      }
      HttpResponse<byte[]> response;
      try {
        response =
            client.send(forwarded(exchange, requestBody), HttpResponse.BodyHandlers.ofByteArray());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while forwarding", e);
      }
      respond(exchange, response.statusCode(), response.headers().map(), response.body());
    }
  }

  private boolean refused(HttpExchange exchange, byte[] body) {
    double share = refusedWriteShare;
    if (share == 0) {
      return false;
    }
    String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
    if (target == null || !WRITES.contains(target.substring(target.indexOf('.') + 1))) {
      return false;
    }
    CRC32 checksum = new CRC32();
    checksum.update(body);
    return checksum.getValue() < share * (1L << 32);
  }

  private HttpRequest forwarded(HttpExchange exchange, byte[] body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
            .timeout(Duration.ofSeconds(10))
            .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
    exchange
        .getRequestHeaders()
        .forEach(
            (name, values) -> {
              if (!RESTRICTED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
              }
            });
    return request.build();
  }

  private static void respond(
      HttpExchange exchange, int status, Map<String, List<String>> headers, byte[] body)
      throws IOException {
    headers.forEach(
        (name, values) -> {
          if (!RESTRICTED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
            exchange.getResponseHeaders().put(name, values);
          }
        });
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    handlers.shutdownNow();
    client.close();
  }
}

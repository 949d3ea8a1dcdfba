package com.theeye.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.theeye.emulators.LocalLambdaContext;
import com.theeye.event.ExactJson;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * A local stand-in for API Gateway's HTTP API: each request becomes the payload-2.0 event AWS would
 * send, the same handler class the template deploys handles it, and its proxy response becomes the
 * HTTP answer.
 *
 * <p>Two answers come from the JDK's HTTP server itself, before any route, and so have its shape,
 * not the API's: a request whose {@code Transfer-Encoding} is anything but {@code chunked} gets 501
 * Not Implemented with a short HTML body, and the connection is closed, as RFC 9112 section 6.1
 * says a server should answer a transfer coding it does not know (API Gateway documents no answer
 * of its own; no client of The Eye sends one); and a request not read whole within {@link
 * #REQUEST_READ_TIMEOUT} has its connection closed without an answer.
 */
final class ApiGatewayBridge implements AutoCloseable {

  /** API Gateway refuses larger payloads before any Lambda runs. */
  static final int MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

  /**
   * How much of a request's head the JDK's server reads before it gives up. Beyond its limits (by
   * default 200 headers or 380 KiB) it closes the connection without an answer
   * (sun.net.httpserver.Request and ServerImpl.Exchange, JDK 25). Raised well above API Gateway's
   * quota ({@link RequestHeadLimit}), so that the bridge answers 414 or 431 instead; a head larger
   * still is cut off as before, so none costs much more memory than this. Twice a 1 MB header.
   */
  static final int JDK_HEAD_READ_BYTES = 2 * 1024 * 1024;

  /**
   * How long a client may take to send a request, head and body, before its connection is closed:
   * the JDK's server waits for ever by default, and 1,500 connections that sent their headers a
   * byte at a time were all kept open. API Gateway documents no such timeout for HTTP APIs; the one
   * time limit it documents on a request is the 30-second integration timeout
   * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html), taken here
   * as the bound a request's arrival gets too. The JDK checks once a second; a connection that sent
   * nothing at all is closed after the same time (its idle timeout, 30 s by default, or this).
   */
  static final Duration REQUEST_READ_TIMEOUT = Duration.ofSeconds(30);

  static {
    // Read once per JVM, when its first com.sun.net.httpserver server starts
    // (sun.net.httpserver.ServerConfig): set here, before ours, unless the JVM was started with
    // its own. A JVM that started another such server first keeps the JDK's defaults.
    System.getProperties()
        .putIfAbsent(
            "sun.net.httpserver.maxReqTime", Long.toString(REQUEST_READ_TIMEOUT.toSeconds()));
    System.getProperties()
        .putIfAbsent("sun.net.httpserver.maxReqHeaderSize", Integer.toString(JDK_HEAD_READ_BYTES));
    // Each header counts at least 32 bytes towards maxReqHeaderSize: the size is the limit.
    System.getProperties()
        .putIfAbsent(
            "sun.net.httpserver.maxReqHeaders", Integer.toString(JDK_HEAD_READ_BYTES / 32));
  }

  private final HttpServer server;
  private final ExecutorService executor;

  private ApiGatewayBridge(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * A route as template.yaml declares one: a method and a path, the path exact, ending in one path
   * variable ({@code {receipt}}), or ending in a greedy path variable ({@code /api/v1/{proxy+}})
   * that takes every path below it, to the handler of the function behind it.
   */
  record Route(String method, String path, RequestStreamHandler handler) {

    static final String GREEDY = "{proxy+}";

    /**
     * The route API Gateway picks for a request: the route with the request's method and exact
     * path, else one whose last segment is a path variable, else the one whose greedy path variable
     * catches it with the longest prefix
     * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html).
     * No route takes a path that ends in a slash exactly: {@code /api/v1/events/} is a child of
     * {@code /api/v1/}.
     */
    static Optional<Route> select(List<Route> routes, String requestMethod, String requestPath) {
      Optional<Route> exact =
          routes.stream()
              .filter(r -> r.method.equals(requestMethod) && r.path.equals(requestPath))
              .findFirst();
      if (exact.isPresent()) {
        return exact;
      }
      Optional<Route> variable =
          routes.stream()
              .filter(r -> r.method.equals(requestMethod) && r.names(requestPath))
              .findFirst();
      if (variable.isPresent()) {
        return variable;
      }
      return routes.stream()
          .filter(r -> r.method.equals(requestMethod) && r.catches(requestPath))
          .max(Comparator.comparingInt(r -> r.path.length()));
    }

    /**
     * Whether this route ends in a path variable ({@code /api/v1/receipts/{receipt}}) that takes
     * exactly the request path's last segment, which is not empty.
     */
    private boolean names(String requestPath) {
      int open = path.lastIndexOf("/{");
      if (open < 0 || !path.endsWith("}") || path.endsWith(GREEDY)) {
        return false;
      }
      String parent = path.substring(0, open + 1);
      return requestPath.startsWith(parent)
          && requestPath.length() > parent.length()
          && requestPath.indexOf('/', parent.length()) < 0;
    }

    private boolean catches(String requestPath) {
      if (!path.endsWith("/" + GREEDY)) {
        return false;
      }
      String parent = path.substring(0, path.length() - GREEDY.length());
      return requestPath.startsWith(parent) && requestPath.length() > parent.length();
    }
  }

  /**
   * Starts serving {@code routes} and the API's documentation on {@code host:port}. Like API
   * Gateway, a request head over its quota gets 414 or 431, and a path or method no route declares
   * gets 404.
   *
   * @throws IOException when the port cannot be bound, e.g. because it is taken
   */
  static ApiGatewayBridge start(
      String host,
      int port,
      List<Route> routes,
      ApiDocs docs,
      GatewayCors cors,
      Consumer<String> functionLog)
      throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 128);
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    server.setExecutor(executor);
    server.createContext("/", exchange -> serve(exchange, routes, docs, cors, functionLog));
    server.start();
    return new ApiGatewayBridge(server, executor);
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** Stops accepting requests; requests already in a handler finish first (up to a few seconds). */
  @Override
  public void close() {
    server.stop(3);
    executor.shutdown();
  }

  private static void serve(
      HttpExchange exchange,
      List<Route> routes,
      ApiDocs docs,
      GatewayCors cors,
      Consumer<String> functionLog)
      throws IOException {
    try (exchange) {
      // Checked first, as API Gateway refuses such a request before it looks at routes or CORS.
      Optional<RequestHeadLimit.Refusal> tooLarge =
          RequestHeadLimit.check(
              requestLine(exchange),
              exchange.getRequestHeaders(),
              RequestHeadLimit.API_GATEWAY_BYTES);
      if (tooLarge.isPresent()) {
        respond(exchange, tooLarge.get().status(), Map.of(), tooLarge.get().body());
        return;
      }
      String path = exchange.getRequestURI().getRawPath();
      String method = exchange.getRequestMethod();
      Optional<String> origin =
          Optional.ofNullable(exchange.getRequestHeaders().getFirst("origin"));
      Optional<String> requestedMethod =
          Optional.ofNullable(
              exchange.getRequestHeaders().getFirst("access-control-request-method"));
      if (GatewayCors.isPreflight(method, origin, requestedMethod)) {
        respond(exchange, 204, cors.preflight(origin.get()), new byte[0]);
        return;
      }
      // Set before the answer: gateway errors carry them as the integration's answers do.
      cors.actual(origin).forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
      if (method.equals("GET")) {
        Optional<ApiDocs.Page> page = docs.page(path);
        if (page.isPresent()) {
          Map<String, String> headers = new HashMap<>();
          headers.put("content-type", page.get().contentType());
          page.get()
              .contentSecurityPolicy()
              .ifPresent(policy -> headers.put("content-security-policy", policy));
          respond(exchange, 200, headers, page.get().body());
          return;
        }
      }
      RequestStreamHandler handler =
          Route.select(routes, method, path).map(Route::handler).orElse(null);
      if (handler == null) {
        respond(
            exchange,
            404,
            Map.of(),
            "{\"message\":\"Not Found\"}".getBytes(StandardCharsets.UTF_8));
        return;
      }
      byte[] body = readAtMost(exchange.getRequestBody(), MAX_PAYLOAD_BYTES);
      if (body == null) {
        respond(
            exchange,
            413,
            Map.of(),
            "{\"message\":\"Request Entity Too Large\"}".getBytes(StandardCharsets.UTF_8));
        return;
      }
      ByteArrayOutputStream output = new ByteArrayOutputStream();
      try {
        handler.handleRequest(
            new ByteArrayInputStream(toEvent(exchange, body)),
            output,
            new LocalLambdaContext(functionLog));
      } catch (RuntimeException e) {
        // What API Gateway answers when the function fails.
        System.err.println("handler failed: " + e);
        respond(
            exchange,
            500,
            Map.of(),
            "{\"message\":\"Internal Server Error\"}".getBytes(StandardCharsets.UTF_8));
        return;
      }
      JsonNode response = ExactJson.MAPPER.readTree(output.toByteArray());
      Map<String, String> integrationHeaders = new HashMap<>();
      response
          .path("headers")
          .fields()
          .forEachRemaining(h -> integrationHeaders.put(h.getKey(), h.getValue().asText()));
      Map<String, String> headers = GatewayCors.withoutCorsHeaders(integrationHeaders);
      String responseBody = response.path("body").asText("");
      byte[] bytes =
          response.path("isBase64Encoded").asBoolean(false)
              ? Base64.getDecoder().decode(responseBody)
              : responseBody.getBytes(StandardCharsets.UTF_8);
      respond(exchange, response.path("statusCode").asInt(500), headers, bytes);
    }
  }

  /**
   * The request line as it was sent: the JDK's server keeps the request target's text as it came
   * ({@link java.net.URI#toString}), one character a byte.
   */
  private static String requestLine(HttpExchange exchange) {
    return exchange.getRequestMethod()
        + " "
        + exchange.getRequestURI()
        + " "
        + exchange.getProtocol();
  }

  /** The HTTP API payload format 2.0 event for this request. */
  static byte[] toEvent(HttpExchange exchange, byte[] body) throws IOException {
    ObjectNode event = ExactJson.MAPPER.createObjectNode();
    event.put("version", "2.0");
    event.put("routeKey", "$default");
    // Decoded, as an HTTP API delivers it (not percent-encoded, despite its name: REST APIs and
    // function URLs keep the encoding, HTTP APIs do not), so a deletion's id sent as %20 or %2F
    // names locally the subject it names on AWS.
    event.put("rawPath", exchange.getRequestURI().getPath());
    String query = exchange.getRequestURI().getRawQuery();
    event.put("rawQueryString", query == null ? "" : query);
    ObjectNode headers = event.putObject("headers");
    for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
      headers.put(header.getKey().toLowerCase(Locale.ROOT), String.join(",", header.getValue()));
    }
    if (query != null && !query.isEmpty()) {
      ObjectNode parameters = event.putObject("queryStringParameters");
      for (String pair : query.split("&")) {
        String[] parts = pair.split("=", 2);
        String name = java.net.URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
        String value =
            parts.length > 1 ? java.net.URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "";
        JsonNode previous = parameters.get(name);
        parameters.put(name, previous == null ? value : previous.asText() + "," + value);
      }
    }
    ObjectNode context = event.putObject("requestContext");
    context.put("accountId", "000000000000");
    context.put("apiId", "local");
    context.put("domainName", exchange.getLocalAddress().getHostString());
    context.put("requestId", UUID.randomUUID().toString());
    context.put("stage", "$default");
    context.put("timeEpochMillis", Instant.now().toEpochMilli());
    ObjectNode http = context.putObject("http");
    http.put("method", exchange.getRequestMethod());
    http.put("path", exchange.getRequestURI().getPath());
    http.put("protocol", exchange.getProtocol());
    http.put("sourceIp", exchange.getRemoteAddress().getAddress().getHostAddress());
    http.put("userAgent", exchange.getRequestHeaders().getFirst("user-agent"));
    if (body.length > 0) {
      // API Gateway base64-encodes bodies it cannot pass as text: a content-encoded (e.g. gzip)
      // body always, whatever its bytes happen to be, and any body that is not UTF-8.
      boolean encoded = exchange.getRequestHeaders().containsKey("content-encoding");
      String text = encoded ? null : utf8(body);
      event.put("body", text != null ? text : Base64.getEncoder().encodeToString(body));
      event.put("isBase64Encoded", text == null);
    } else {
      event.put("isBase64Encoded", false);
    }
    return ExactJson.MAPPER.writeValueAsBytes(event);
  }

  private static String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /** The body, or null when it is longer than {@code limit}. */
  private static byte[] readAtMost(InputStream input, int limit) throws IOException {
    byte[] bytes = input.readNBytes(limit + 1);
    return bytes.length > limit ? null : bytes;
  }

  private static void respond(
      HttpExchange exchange, int status, Map<String, String> headers, byte[] body)
      throws IOException {
    headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
    if (body.length > 0) {
      exchange.getResponseHeaders().putIfAbsent("content-type", List.of("application/json"));
    }
    if (exchange.getRequestMethod().equals("HEAD")) {
      // The answer to a HEAD has no content (RFC 9110 section 9.3.2); the JDK refuses to send any.
      exchange.sendResponseHeaders(status, -1);
      exchange.getResponseBody().close();
      return;
    }
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}

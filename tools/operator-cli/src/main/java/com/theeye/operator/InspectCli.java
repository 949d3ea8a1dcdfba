package com.theeye.operator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.theeye.aws.AwsClients;
import com.theeye.operator.smoke.RequestSigner;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import sun.misc.Signal;

/**
 * {@code make inspect URL=<ApiUrl>}: the inspector page of {@code make run} ({@code /inspect}) for
 * a deployed stack, without opening anything to the world. It serves the page's files from the
 * checkout ({@code tools/inspector/}, as the local runner does) on {@code 127.0.0.1}, and forwards
 * the page's one kind of request, {@code GET /api/v1/recent/}, to the deployment, signed with SigV4
 * from the operator's default AWS credentials as {@code make smoke} signs. Nothing else is
 * forwarded: the deployment's API stays IAM-signed, and this server answers only on loopback.
 */
public final class InspectCli implements AutoCloseable {

  /** The port it listens on unless {@code EYE_INSPECT_PORT} says otherwise. */
  static final int DEFAULT_PORT = 8001;

  static final String RECENT = "/api/v1/recent/";

  /** As the local runner serves it: this origin only, no inline script. */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self';"
          + " connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

  private static final Map<String, String> FILES =
      Map.of(
          "inspect.js", "text/javascript; charset=utf-8",
          "inspect.css", "text/css; charset=utf-8");

  private static final Pattern SCHEMA =
      Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*/[a-z0-9]+(-[a-z0-9]+)*\\.json");

  /** Longer than the longest long poll (20 s), which the deployment ends itself. */
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(40);

  private final HttpServer server;
  private final ExecutorService executor;

  private InspectCli(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  public static void main(String[] args) {
    Signal.handle(new Signal("INT"), signal -> System.exit(0));
    Map<String, String> env = System.getenv();
    String usage =
        "usage: make inspect URL=<the stack's ApiUrl output> (or ARGS=\"--stack NAME\");"
            + " EYE_INSPECT_PORT picks the local port (8001)";
    URI base;
    try {
      base = base(List.of(args), env);
    } catch (IllegalArgumentException e) {
      System.err.println("make inspect: " + e.getMessage());
      System.err.println(usage);
      System.exit(2);
      return;
    }
    int port =
        Integer.parseInt(env.getOrDefault("EYE_INSPECT_PORT", Integer.toString(DEFAULT_PORT)));
    try {
      InspectCli server = start(base, port, Path.of("").toAbsolutePath(), env);
      System.out.printf(
          "The inspector of %s: http://127.0.0.1:%d/inspect (reads signed with %s); Ctrl-C to stop%n",
          base, server.port(), RequestSigner.isLoopback(base) ? "nothing: loopback" : "SigV4");
    } catch (IOException e) {
      System.err.println(
          "make inspect: cannot listen on 127.0.0.1:" + port + ": " + e.getMessage());
      System.exit(1);
    }
  }

  /** {@code --stack NAME}, a URL, or nothing (then it says what is missing). */
  private static URI base(List<String> args, Map<String, String> env) {
    List<String> given = args.stream().filter(a -> !a.isBlank()).toList();
    if (given.size() == 2 && given.get(0).equals("--stack")) {
      return URI.create(
          DeployedStack.describe(AwsClients.fromEnvironment(env), given.get(1)).output("ApiUrl"));
    }
    if (given.size() == 1 && !given.get(0).startsWith("--")) {
      return URI.create(given.get(0));
    }
    throw new IllegalArgumentException(
        "give the deployment's URL (make run serves its own inspector at /inspect)");
  }

  /**
   * Serves the inspector for the API at {@code base} on 127.0.0.1:{@code port} (0: any free port),
   * its files from {@code repoRoot}.
   */
  public static InspectCli start(URI base, int port, Path repoRoot, Map<String, String> env)
      throws IOException {
    String text = base.toString();
    URI api = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    RequestSigner signer = RequestSigner.forBase(api, env);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    server.setExecutor(executor);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            serve(exchange, api, signer, http, repoRoot);
          }
        });
    server.start();
    return new InspectCli(server, executor);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(1);
    executor.shutdown();
  }

  private static void serve(
      HttpExchange exchange, URI api, RequestSigner signer, HttpClient http, Path repoRoot)
      throws IOException {
    String path = exchange.getRequestURI().getRawPath();
    if (!exchange.getRequestMethod().equals("GET")) {
      respond(
          exchange, 405, "text/plain; charset=utf-8", "Only GET.".getBytes(StandardCharsets.UTF_8));
      return;
    }
    if (path.equals(RECENT) || path.equals("/api/v1/recent")) {
      forward(exchange, api, signer, http);
      return;
    }
    Path file = null;
    String type = null;
    if (path.equals("/inspect") || path.equals("/inspect/")) {
      file = repoRoot.resolve("tools/inspector/inspect.html");
      type = "text/html; charset=utf-8";
    } else if (path.startsWith("/inspect/")) {
      String name = path.substring("/inspect/".length());
      if (FILES.containsKey(name)) {
        file = repoRoot.resolve("tools/inspector").resolve(name);
        type = FILES.get(name);
      } else if (name.startsWith("schemas/") && SCHEMA.matcher(name.substring(8)).matches()) {
        file = repoRoot.resolve("schemas").resolve(name.substring(8));
        type = "application/json; charset=utf-8";
      }
    }
    if (file == null || !Files.isRegularFile(file)) {
      respond(
          exchange,
          404,
          "text/plain; charset=utf-8",
          "Not found.".getBytes(StandardCharsets.UTF_8));
      return;
    }
    exchange.getResponseHeaders().set("content-security-policy", CONTENT_SECURITY_POLICY);
    respond(exchange, 200, type, Files.readAllBytes(file));
  }

  /** The page's read, to the deployment, signed; its answer back as it came. */
  private static void forward(HttpExchange exchange, URI api, RequestSigner signer, HttpClient http)
      throws IOException {
    String query = exchange.getRequestURI().getRawQuery();
    URI uri = URI.create(api + RECENT + (query == null ? "" : "?" + query));
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(CALL_TIMEOUT).GET();
    try {
      if (signer != null) {
        signer.signGet(uri, request);
      }
    } catch (RuntimeException e) {
      // No credentials (or none that resolve): the page shows why instead of a lost connection.
      respond(
          exchange,
          502,
          "application/json",
          ("{\"detail\": \"make inspect cannot sign with your AWS credentials: "
                  + e.getClass().getSimpleName()
                  + "\"}")
              .getBytes(StandardCharsets.UTF_8));
      return;
    }
    try {
      HttpResponse<byte[]> answer =
          http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      respond(
          exchange,
          answer.statusCode(),
          answer.headers().firstValue("content-type").orElse("application/json"),
          answer.body());
    } catch (IOException e) {
      respond(
          exchange,
          502,
          "application/json",
          ("{\"detail\": \"The deployment did not answer: " + e.getClass().getSimpleName() + "\"}")
              .getBytes(StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      respond(exchange, 503, "application/json", "{}".getBytes(StandardCharsets.UTF_8));
    }
  }

  private static void respond(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("content-type", type);
    exchange.getResponseHeaders().set("cache-control", "no-store");
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      exchange.getResponseBody().write(body);
    }
  }
}

package com.theeye.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.theeye.aws.AwsClients;
import com.theeye.emulators.LocalEmulators;
import com.theeye.emulators.QueueDepth;
import com.theeye.ingest.IngestConfig;
import com.theeye.ingest.IngestHandler;
import com.theeye.ingest.IngestService;
import com.theeye.processor.BatchProcessor;
import com.theeye.processor.ProcessorConfig;
import com.theeye.processor.ProcessorHandler;
import com.theeye.processor.SchemaRegistry;
import com.theeye.query.CursorKeys;
import com.theeye.query.QueryConfig;
import com.theeye.query.QueryHandler;
import com.theeye.query.QueryService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The Eye on one machine: ElasticMQ and dynalite in place of SQS and DynamoDB, a local HTTP API in
 * place of API Gateway, and a poller in place of Lambda's SQS event source, all calling the same
 * handler classes the template deploys, configured through the same environment variables.
 */
public final class LocalEye implements AutoCloseable {

  /** The processor writes and the query function reads the same number of index shards. */
  private static final String INDEX_SHARDS = "8";

  /**
   * Batches the local event source hands the processor at once. Lambda runs up to the template's
   * ProcessorMaximumConcurrency (10); four keep the emulated DynamoDB busy on a laptop, where one
   * left most events waiting on the round trips of a single poller (docs/PERFORMANCE.md).
   */
  static final int CONCURRENT_BATCHES = 4;

  private final LocalSettings settings;
  private final LocalEmulators emulators;
  private final SqsClient sqs;
  private final DynamoDbClient dynamoDb;
  private final LocalResources.Queue queue;
  private final SqsEventSource eventSource;
  private final ApiGatewayBridge api;
  private final EventJournal journal;
  private final FunctionLog functionLog;
  private final Thread watchdog;

  /** How often the runner checks its emulators and whether the journal can be emptied. */
  private static final Duration WATCH_EVERY = Duration.ofSeconds(1);

  private LocalEye(
      LocalSettings settings,
      LocalEmulators emulators,
      SqsClient sqs,
      DynamoDbClient dynamoDb,
      LocalResources.Queue queue,
      SqsEventSource eventSource,
      ApiGatewayBridge api,
      EventJournal journal,
      FunctionLog functionLog) {
    this.settings = settings;
    this.emulators = emulators;
    this.sqs = sqs;
    this.dynamoDb = dynamoDb;
    this.queue = queue;
    this.eventSource = eventSource;
    this.api = api;
    this.journal = journal;
    this.functionLog = functionLog;
    this.watchdog = Thread.ofPlatform().daemon().name("emulator-watchdog").start(this::watch);
  }

  /**
   * Idle connections kept per emulator: above the most requests the API and processor make at once.
   */
  static final int EMULATOR_CONNECTIONS = 256;

  public static void main(String[] args) {
    // The functions' SDK clients use the JDK's HttpURLConnection, which keeps at most 5 idle
    // connections per host alive. One Lambda instance sends one request at a time, so 5 is plenty
    // there; here one JVM serves every concurrent request, and under load the others were closed
    // after each call: a new TCP connection (and a new ElasticMQ stream) per event. Read once, when
    // the first connection is made, so it is set before anything connects.
    System.setProperty("http.maxConnections", String.valueOf(EMULATOR_CONNECTIONS));
    LocalSettings settings;
    try {
      settings = LocalSettings.fromEnv(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("The Eye could not start: " + e.getMessage());
      System.exit(1);
      return;
    }
    runUntilStopped(settings, Path.of("").toAbsolutePath());
  }

  /**
   * What {@code make run} does: starts, prints the banner, and stops cleanly on Ctrl-C (SIGINT) or
   * SIGTERM, ending with status 0 after a clean stop and 1 when a step of the stop failed (the
   * message says which; the journal keeps every accepted event either way).
   */
  static void runUntilStopped(LocalSettings settings, Path repoRoot) {
    long started = System.nanoTime();
    try {
      if (InterruptSignal.takeBackIfIgnored()) {
        System.out.println(
            "SIGINT was ignored, as for a background job: it stops The Eye again, as SIGTERM does.");
      }
    } catch (IllegalStateException e) {
      System.err.println(e.getMessage() + ": stop the runner with SIGTERM (kill <pid>).");
    }
    LocalEye eye;
    try {
      eye = start(settings, repoRoot);
    } catch (StartupException e) {
      System.err.println("The Eye could not start: " + e.getMessage());
      System.exit(1);
      return;
    } catch (RuntimeException | Error e) {
      System.err.println("The Eye could not start, a bug or a broken build:");
      e.printStackTrace(System.err);
      System.exit(1);
      return;
    }
    // Ctrl-C (SIGINT) and SIGTERM both run this hook. The status is the stop's, not the JVM's 130
    // or 143, so a clean stop is no error to `make run` or a script.
    Runtime.getRuntime()
        .addShutdownHook(
            Thread.ofPlatform()
                .unstarted(
                    () -> {
                      int status = 1;
                      try {
                        status = eye.stop() ? 0 : 1;
                      } finally {
                        System.out.flush();
                        System.err.flush();
                        Runtime.getRuntime().halt(status);
                      }
                    }));
    System.out.println(eye.banner(Duration.ofNanos(System.nanoTime() - started)));
  }

  /**
   * Starts everything, in order: emulators, resources, processor, then the API, so nothing is
   * accepted before it can be stored.
   *
   * @param repoRoot the checkout, where node_modules/ holds dynalite
   */
  public static LocalEye start(LocalSettings settings, Path repoRoot) {
    return start(settings, repoRoot, Map.of());
  }

  /**
   * As {@link #start(LocalSettings, Path)}, with {@code functionSettings} added to every function's
   * environment (each reads the variables it knows): tests run the other values template.yaml's
   * parameters allow, e.g. {@code MAX_EVENT_BYTES} at its largest.
   */
  static LocalEye start(
      LocalSettings settings, Path repoRoot, Map<String, String> functionSettings) {
    requirePortFree(settings.host(), settings.port());
    LocalEmulators emulators = startEmulators(settings, repoRoot);
    try {
      SqsClient sqs = clients(emulators.sqsEndpoint()).build(SqsClient.builder());
      DynamoDbClient dynamoDb = clients(emulators.dynamoDbEndpoint()).dynamoDb();
      LocalResources.ensureTables(dynamoDb);
      LocalResources.Queue queue = LocalResources.ensureQueues(sqs, settings.queue());
      EventJournal journal = openJournal(settings);
      FunctionLog functionLog = openFunctionLog(settings);
      putBack(sqs, queue, journal, settings.dataDirectory());
      settings
          .defaultApplication()
          .ifPresent(app -> LocalResources.registerApplication(dynamoDb, app));

      // Every handler is built before anything runs, so a broken build fails here, not mid-run.
      RequestStreamHandler ingest =
          ingest(
              journal.journaling(sqs, queue.url()),
              dynamoDb,
              with(ingestEnvironment(queue.url()), functionSettings));
      RequestStreamHandler query = query(dynamoDb, with(queryEnvironment(), functionSettings));
      SqsEventSource eventSource =
          new SqsEventSource(
              sqs,
              queue.url(),
              queue.arn(),
              processor(dynamoDb, with(processorEnvironment(), functionSettings)),
              settings.queue().batchSize(),
              CONCURRENT_BATCHES,
              settings.queue().maxReceiveCount(),
              journal::recordDeadLetter,
              functionLog);
      List<ApiGatewayBridge.Route> routes = routes(ingest, query);
      eventSource.start();
      try {
        ApiGatewayBridge api = startApi(settings, routes, new ApiDocs(repoRoot), functionLog);
        try {
          EndpointsFile.write(
              settings.dataDirectory(),
              baseUrl(settings, api),
              emulators.sqsEndpoint(),
              emulators.dynamoDbEndpoint(),
              queue.url(),
              LocalResources.TABLES,
              INDEX_SHARDS);
        } catch (UncheckedIOException e) {
          api.close();
          throw new StartupException(e.getMessage() + " (" + e.getCause().getMessage() + ")");
        }
        return new LocalEye(
            settings, emulators, sqs, dynamoDb, queue, eventSource, api, journal, functionLog);
      } catch (RuntimeException | Error e) {
        eventSource.close();
        throw e;
      }
    } catch (RuntimeException | Error e) {
      // Errors too (a class missing from the jar): a half-started runner must not keep dynalite
      // alive.
      emulators.close();
      throw e;
    }
  }

  /**
   * The routes template.yaml declares, to the same functions; locally the query routes need no
   * SigV4 signature. The ingest function takes POST, and every other method no function serves, for
   * its 405.
   */
  static List<ApiGatewayBridge.Route> routes(
      RequestStreamHandler ingest, RequestStreamHandler query) {
    List<ApiGatewayBridge.Route> routes = new ArrayList<>();
    for (String method : List.of("POST", "PUT", "PATCH", "DELETE", "HEAD")) {
      routes.add(new ApiGatewayBridge.Route(method, "/api/v1/events", ingest));
      routes.add(new ApiGatewayBridge.Route(method, "/api/v1/{proxy+}", ingest));
    }
    // Segment's HTTP Tracking API: POST only, as template.yaml routes it.
    routes.add(new ApiGatewayBridge.Route("POST", "/v1/{proxy+}", ingest));
    routes.add(new ApiGatewayBridge.Route("GET", "/api/v1/events", query));
    routes.add(new ApiGatewayBridge.Route("GET", "/api/v1/invalid-events", query));
    routes.add(new ApiGatewayBridge.Route("GET", "/api/v1/{proxy+}", query));
    return List.copyOf(routes);
  }

  /** The environment template.yaml gives the ingest function, with local names. */
  static Map<String, String> ingestEnvironment(String queueUrl) {
    return Map.of(
        "AWS_REGION", LocalEmulators.REGION.id(),
        "APPLICATIONS_TABLE", LocalResources.TABLES.applications(),
        "EVENTS_QUEUE_URL", queueUrl);
  }

  /** The environment template.yaml gives the processor function, with local names. */
  static Map<String, String> processorEnvironment() {
    return Map.of(
        "AWS_REGION", LocalEmulators.REGION.id(),
        "EVENTS_TABLE", LocalResources.TABLES.events(),
        "SESSIONS_TABLE", LocalResources.TABLES.sessions(),
        "INVALID_EVENTS_TABLE", LocalResources.TABLES.invalidEvents(),
        "APPLICATIONS_TABLE", LocalResources.TABLES.applications(),
        "IDENTITIES_TABLE", LocalResources.TABLES.identities(),
        "INDEX_SHARDS", INDEX_SHARDS);
  }

  /**
   * The environment template.yaml gives the query function, with local names. There is no Secrets
   * Manager locally: the secret's ARN is a placeholder and {@link #query} hands the service a key
   * of its own, new at every start, so cursors from an earlier run are refused, as after two
   * rotations on AWS.
   */
  static Map<String, String> queryEnvironment() {
    return Map.of(
        "AWS_REGION", LocalEmulators.REGION.id(),
        "EVENTS_TABLE", LocalResources.TABLES.events(),
        "INVALID_EVENTS_TABLE", LocalResources.TABLES.invalidEvents(),
        "IDENTITIES_TABLE", LocalResources.TABLES.identities(),
        "INDEX_SHARDS", INDEX_SHARDS,
        "CURSOR_SECRET_ARN", "arn:aws:secretsmanager:local:000000000000:secret:the-eye-local");
  }

  private static Map<String, String> with(
      Map<String, String> environment, Map<String, String> settings) {
    Map<String, String> merged = new HashMap<>(environment);
    merged.putAll(settings);
    return merged;
  }

  private static IngestHandler ingest(
      SqsClient sqs, DynamoDbClient dynamoDb, Map<String, String> environment) {
    IngestConfig config = IngestConfig.fromEnv(environment);
    return new IngestHandler(
        IngestService.create(config, sqs, dynamoDb, Clock.systemUTC()), config.metricsNamespace());
  }

  private static QueryHandler query(DynamoDbClient dynamoDb, Map<String, String> environment) {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return new QueryHandler(
        QueryService.create(
            QueryConfig.fromEnv(environment),
            dynamoDb,
            CursorKeys.fixed(HexFormat.of().formatHex(key))));
  }

  private static ProcessorHandler processor(
      DynamoDbClient dynamoDb, Map<String, String> environment) {
    ProcessorConfig config = ProcessorConfig.fromEnv(environment);
    SchemaRegistry schemas = SchemaRegistry.fromClasspath(ProcessorHandler.class.getClassLoader());
    return new ProcessorHandler(BatchProcessor.create(config, dynamoDb, schemas));
  }

  private static FunctionLog openFunctionLog(LocalSettings settings) {
    Path file = settings.dataDirectory().resolve("logs/functions.jsonl");
    try {
      return FunctionLog.open(file, System.out::println);
    } catch (IOException e) {
      throw new StartupException("cannot open the function log " + file + ": " + e.getMessage());
    }
  }

  private static EventJournal openJournal(LocalSettings settings) {
    Path file = journalFile(settings);
    try {
      return EventJournal.open(file);
    } catch (IOException e) {
      throw new StartupException("cannot open the event journal " + file + ": " + e.getMessage());
    }
  }

  /**
   * Puts what the journal holds back on the queues: bodies on the events queue, dead letters on the
   * dead-letter queue with their receive counts. Queue files an earlier version wrote at stop are
   * journaled first, then removed.
   */
  private static void putBack(
      SqsClient sqs, LocalResources.Queue queue, EventJournal journal, Path dataDirectory) {
    EventJournal.Contents contents;
    try {
      journal.add(earlierVersionFiles(dataDirectory));
      for (Path file : earlierVersionFileNames(dataDirectory)) {
        Files.deleteIfExists(file);
        Files.deleteIfExists(file.resolveSibling(file.getFileName() + ".partial"));
      }
      contents = journal.contents();
    } catch (IOException e) {
      throw new StartupException(
          "cannot read the event journal " + journal.file() + ": " + e.getMessage());
    }
    QueueSnapshot.sendAll(sqs, queue.url(), contents.bodies());
    QueueSnapshot.restoreDeadLetters(sqs, queue.deadLetterUrl(), contents.deadLetters());
    if (!contents.isEmpty()) {
      System.out.println(
          "Put back from the journal: "
              + contents.bodies().size()
              + " queued message(s) (any already stored count as duplicates) and "
              + contents.deadLetters().size()
              + " dead letter(s), with their receive counts.");
    }
  }

  private static EventJournal.Contents earlierVersionFiles(Path dataDirectory) throws IOException {
    List<Path> files = earlierVersionFileNames(dataDirectory);
    return new EventJournal.Contents(
        QueueSnapshot.readEarlierVersionFile(files.get(0)),
        QueueSnapshot.readEarlierVersionFile(files.get(1)).stream()
            .map(body -> new EventJournal.DeadLetter(body, 0))
            .toList());
  }

  /** Where runners before the journal kept the events queue and the dead letters at stop. */
  private static List<Path> earlierVersionFileNames(Path dataDirectory) {
    return List.of(
        dataDirectory.resolve("queue/events.jsonl"),
        dataDirectory.resolve("queue/dead-letters.jsonl"));
  }

  /**
   * Keeps the emulators alive and the journal short: a dead dynalite is started again on its port
   * and data (and why it died is said once), and the journal drops what is known to be stored.
   */
  private void watch() {
    String lastReport = "";
    StoragePriority storagePriority = new StoragePriority();
    storagePriority.lowerStorage();
    while (!Thread.currentThread().isInterrupted()) {
      try {
        Thread.sleep(WATCH_EVERY);
      } catch (InterruptedException e) {
        return;
      }
      String report;
      try {
        report = emulators.reviveDynamoDb().map(this::withDiskHint).orElse("");
      } catch (IllegalStateException e) {
        report =
            withDiskHint(
                "dynalite (DynamoDB) is down and cannot be restarted: "
                    + e.getMessage()
                    + ". Accepted events wait on the queue and in the journal; queries answer 503.");
      }
      // Once per change: a dynalite that cannot start on a full disk fails every second.
      if (!report.isEmpty() && !report.equals(lastReport)) {
        System.err.println(report);
      }
      lastReport = report;
      // Every second: the processor's workers start on demand, and a revived dynalite is new.
      storagePriority.lowerStorage();
      try {
        journal.compact(sqs, queue.url(), queue.deadLetterUrl());
      } catch (IOException | RuntimeException e) {
        // The queue is busy or the disk refuses: the journal stays whole, which is always safe.
      }
    }
  }

  private String withDiskHint(String report) {
    return report.contains("No space left on device")
        ? report
            + " The disk holding "
            + settings.dataDirectory()
            + " is full: free space there; until then dynalite dies at its next write, and is"
            + " restarted."
        : report;
  }

  private static Path journalFile(LocalSettings settings) {
    return settings.dataDirectory().resolve("queue/journal.jsonl");
  }

  private static AwsClients clients(java.net.URI endpoint) {
    return AwsClients.forEndpoint(
        endpoint, LocalEmulators.REGION, LocalEmulators.CREDENTIALS, Duration.ofSeconds(5));
  }

  private static LocalEmulators startEmulators(LocalSettings settings, Path repoRoot) {
    Path dynamoDbData = settings.dataDirectory().resolve("dynamodb");
    try {
      Files.createDirectories(dynamoDbData);
      return LocalEmulators.start(repoRoot, dynamoDbData);
    } catch (IOException e) {
      throw new StartupException(
          "cannot create the data folder " + dynamoDbData + ": " + e.getMessage());
    } catch (IllegalStateException e) {
      throw new StartupException(e.getMessage());
    }
  }

  private static void requirePortFree(String host, int port) {
    if (port == 0) {
      return;
    }
    try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getByName(host))) {
      probe.setReuseAddress(true);
    } catch (IOException e) {
      throw new StartupException(
          "port "
              + port
              + " on "
              + host
              + " is taken ("
              + e.getMessage()
              + "): stop what uses it or set EYE_PORT");
    }
  }

  private static ApiGatewayBridge startApi(
      LocalSettings settings,
      List<ApiGatewayBridge.Route> routes,
      ApiDocs docs,
      FunctionLog functionLog) {
    try {
      return ApiGatewayBridge.start(
          settings.host(),
          settings.port(),
          routes,
          docs,
          new GatewayCors(settings.cors()),
          functionLog);
    } catch (BindException e) {
      throw new StartupException(
          "port " + settings.port() + " is taken: stop what uses it or set EYE_PORT");
    } catch (IOException e) {
      throw new StartupException(
          "cannot serve on " + settings.host() + ":" + settings.port() + ": " + e.getMessage());
    }
  }

  public String baseUrl() {
    return baseUrl(settings, api);
  }

  private static String baseUrl(LocalSettings settings, ApiGatewayBridge api) {
    return "http://" + settings.host() + ":" + api.port();
  }

  public SqsClient sqs() {
    return sqs;
  }

  public DynamoDbClient dynamoDb() {
    return dynamoDb;
  }

  public String queueUrl() {
    return queue.url();
  }

  public String deadLetterQueueUrl() {
    return queue.deadLetterUrl();
  }

  String banner(Duration startup) {
    String application = settings.defaultApplication().map(Object::toString).orElse(null);
    StringBuilder text = new StringBuilder();
    text.append("\nThe Eye is running locally (ready in ")
        .append(startup.toMillis())
        .append(" ms)\n\n");
    text.append("  API          ")
        .append(baseUrl())
        .append("/api/v1/events/ (POST events, GET queries)\n");
    text.append("  Docs         ")
        .append(baseUrl())
        .append(ApiDocs.DOCS_PATH)
        .append(" (OpenAPI at ")
        .append(baseUrl())
        .append(ApiDocs.OPENAPI_PATH)
        .append(")\n");
    text.append("  CORS         browsers may send from ")
        .append(String.join(", ", settings.cors().allowOrigins()))
        .append(" (EYE_ALLOWED_ORIGINS)\n");
    text.append("  SQS          ElasticMQ at ")
        .append(emulators.sqsEndpoint())
        .append(", queue ")
        .append(LocalResources.QUEUE_NAME)
        .append(", dead letters ")
        .append(LocalResources.DEAD_LETTER_QUEUE_NAME)
        .append('\n');
    text.append("  DynamoDB     dynalite at ")
        .append(emulators.dynamoDbEndpoint())
        .append(", tables the-eye-*, data in ")
        .append(settings.dataDirectory().resolve("dynamodb"))
        .append('\n');
    text.append("  Application  ")
        .append(
            application == null
                ? "none registered (EYE_DEFAULT_APPLICATION=none)"
                : application + " (trusted)")
        .append('\n');
    text.append("  Logs         ")
        .append(functionLog.file())
        .append(" (every function log line; WARN and ERROR also on this console)\n\n");
    if (application != null) {
      text.append("Try:\n  curl -i ")
          .append(baseUrl())
          .append("/api/v1/events/ -H 'application: ")
          .append(application)
          .append(
              "' -H 'content-type: application/json' -d '{\"session_id\": \"e2085be5-9137-4e4e-80b5-f1ffddc25423\", ")
          .append("\"category\": \"page interaction\", \"name\": \"pageview\", ")
          .append("\"data\": {\"host\": \"www.consumeraffairs.com\", \"path\": \"/\"}, ")
          .append("\"timestamp\": \"2021-01-01 09:15:27.243860\"}'\n")
          .append("  curl ")
          .append(baseUrl())
          .append("'/api/v1/events/?session_id=e2085be5-9137-4e4e-80b5-f1ffddc25423'\n\n");
    }
    text.append("Ctrl-C stops: no new requests, the queue drains, then the emulators stop.\n");
    return text.toString();
  }

  /** Stops as {@link #stop()} does. */
  @Override
  public void close() {
    stop();
  }

  /**
   * Stops in order: no new requests, drain the queue into storage, stop polling, save what the
   * queues still hold to the journal, stop the emulators. Each step runs whatever an earlier one
   * met (a full disk, say), so the emulators always stop.
   *
   * @return whether every step succeeded
   */
  boolean stop() {
    System.out.println("The Eye is stopping: no new requests; draining the queue...");
    boolean clean = true;
    clean &=
        step(
            "stopping the watchdog",
            () -> {
              watchdog.interrupt();
              watchdog.join(Duration.ofSeconds(10));
            });
    clean &=
        step(
            "removing " + EndpointsFile.NAME, () -> EndpointsFile.remove(settings.dataDirectory()));
    clean &= step("closing the API", api::close);
    clean &= step("draining the queue", this::drain);
    clean &=
        step(
            "stopping the event source",
            () -> {
              eventSource.close();
              eventSource.releaseRetrying();
            });
    clean &= step("saving the queues to the journal", this::saveQueues);
    clean &= step("closing the journal", journal::close);
    clean &= step("closing the SQS client", sqs::close);
    clean &= step("closing the DynamoDB client", dynamoDb::close);
    clean &= step("stopping the emulators", emulators::close);
    clean &= step("closing the function log", functionLog::close);
    System.out.println(clean ? "The Eye stopped." : "The Eye stopped, not cleanly: see above.");
    return clean;
  }

  private void drain() throws InterruptedException {
    int left = eventSource.drain(settings.drainTimeout());
    int deadLetters = QueueDepth.of(sqs, queue.deadLetterUrl());
    if (left > 0) {
      System.out.println(
          left
              + " message(s) still being retried after "
              + settings.drainTimeout().toSeconds()
              + " s.");
    } else if (deadLetters > 0) {
      System.out.println(
          "Queue drained: every accepted event is stored, but for "
              + deadLetters
              + " message(s) in the dead-letter queue "
              + LocalResources.DEAD_LETTER_QUEUE_NAME
              + ".");
    } else {
      System.out.println("Queue drained: every accepted event is stored.");
    }
  }

  /**
   * Replaces the journal with what the queues still hold. Should a message be in flight with
   * another consumer, or the disk refuse, the journal stays as it is: it holds every message
   * answered 202 that may not be stored, and more.
   */
  private void saveQueues() throws IOException {
    QueueSnapshot.Taken queued = QueueSnapshot.takeAll(sqs, queue.url());
    QueueSnapshot.Taken dead = QueueSnapshot.takeAll(sqs, queue.deadLetterUrl());
    if (queued.elsewhere() + dead.elsewhere() > 0) {
      System.out.println(
          (queued.elsewhere() + dead.elsewhere())
              + " message(s) are being read by another consumer: the journal is kept whole for the"
              + " next start.");
      return;
    }
    EventJournal.Contents left = new EventJournal.Contents(queued.bodies(), dead.deadLetters());
    try {
      journal.rewrite(left);
    } catch (IOException e) {
      throw new IOException(
          "cannot write "
              + journal.file()
              + " ("
              + e.getMessage()
              + "); it keeps every accepted event for the next start as it is",
          e);
    }
    if (!left.isEmpty()) {
      System.out.println(
          "Saved "
              + left.bodies().size()
              + " queued and "
              + left.deadLetters().size()
              + " dead-letter message(s) to "
              + journal.file()
              + ": they go back on the queues at the next start.");
    }
  }

  /** One step of a stop, which needs no other step to have worked. */
  @FunctionalInterface
  private interface StopStep {
    void run() throws Exception;
  }

  private static boolean step(String what, StopStep action) {
    try {
      action.run();
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      System.err.println("The Eye was interrupted " + what + ".");
      return false;
    } catch (Exception e) {
      System.err.println("The Eye could not finish " + what + ": " + e.getMessage());
      return false;
    }
  }

  /** A prerequisite is missing; the message says which and what to do. */
  static final class StartupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StartupException(String message) {
      super(message);
    }
  }
}

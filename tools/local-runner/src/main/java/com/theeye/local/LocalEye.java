package com.theeye.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.theeye.aws.AwsClients;
import com.theeye.emulators.LocalEmulators;
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
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
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
    long started = System.nanoTime();
    // The functions' SDK clients use the JDK's HttpURLConnection, which keeps at most 5 idle
    // connections per host alive. One Lambda instance sends one request at a time, so 5 is plenty
    // there; here one JVM serves every concurrent request, and under load the others were closed
    // after each call: a new TCP connection (and a new ElasticMQ stream) per event. Read once, when
    // the first connection is made, so it is set before anything connects.
    System.setProperty("http.maxConnections", String.valueOf(EMULATOR_CONNECTIONS));
    LocalEye eye;
    try {
      eye = start(LocalSettings.fromEnv(System.getenv()), Path.of("").toAbsolutePath());
    } catch (StartupException | IllegalArgumentException e) {
      System.err.println("The Eye could not start: " + e.getMessage());
      System.exit(1);
      return;
    } catch (RuntimeException | Error e) {
      System.err.println("The Eye could not start, a bug or a broken build:");
      e.printStackTrace(System.err);
      System.exit(1);
      return;
    }
    // Ctrl-C (SIGINT) and SIGTERM both run this hook. After a clean drain the runner ends with
    // status 0, not the JVM's 130 or 143, so `make run` does not report an error for a normal stop.
    Runtime.getRuntime()
        .addShutdownHook(
            Thread.ofPlatform()
                .unstarted(
                    () -> {
                      eye.close();
                      System.out.flush();
                      Runtime.getRuntime().halt(0);
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
      int restored = QueueSnapshot.restore(sqs, queue.url(), queueSnapshot(settings));
      int restoredDead =
          QueueSnapshot.restore(sqs, queue.deadLetterUrl(), deadLetterSnapshot(settings));
      if (restored + restoredDead > 0) {
        System.out.println(
            "Restored "
                + restored
                + " queued and "
                + restoredDead
                + " dead-letter message(s) saved at the last stop.");
      }
      EventJournal journal = openJournal(settings);
      FunctionLog functionLog = openFunctionLog(settings);
      int replayed = replay(sqs, queue.url(), journal);
      if (replayed > 0) {
        System.out.println(
            "Replayed "
                + replayed
                + " event(s) journaled before an unclean stop; those already stored count as"
                + " duplicates.");
      }
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
              functionLog);
      List<ApiGatewayBridge.Route> routes = routes(ingest, query);
      eventSource.start();
      try {
        ApiGatewayBridge api = startApi(settings, routes, new ApiDocs(repoRoot), functionLog);
        LocalEye eye =
            new LocalEye(
                settings, emulators, sqs, dynamoDb, queue, eventSource, api, journal, functionLog);
        EndpointsFile.write(
            settings.dataDirectory(),
            eye.baseUrl(),
            emulators.sqsEndpoint(),
            emulators.dynamoDbEndpoint(),
            queue.url(),
            LocalResources.TABLES,
            INDEX_SHARDS);
        return eye;
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
    List<ApiGatewayBridge.Route> routes = new java.util.ArrayList<>();
    for (String method : List.of("POST", "PUT", "PATCH", "DELETE", "HEAD")) {
      routes.add(new ApiGatewayBridge.Route(method, "/api/v1/events", ingest));
      routes.add(new ApiGatewayBridge.Route(method, "/api/v1/{proxy+}", ingest));
    }
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

  private static EventJournal openJournal(LocalSettings settings) {
    Path file = settings.dataDirectory().resolve("queue/journal.jsonl");
    try {
      return EventJournal.open(file);
    } catch (IOException e) {
      throw new StartupException("cannot open the event journal " + file + ": " + e.getMessage());
    }
  }

  private static FunctionLog openFunctionLog(LocalSettings settings) {
    Path file = settings.dataDirectory().resolve("logs/functions.jsonl");
    try {
      return FunctionLog.open(file, System.out::println);
    } catch (IOException e) {
      throw new StartupException("cannot open the function log " + file + ": " + e.getMessage());
    }
  }

  /** Puts what the journal holds back on the queue; returns how many. */
  private static int replay(SqsClient sqs, String queueUrl, EventJournal journal) {
    List<String> bodies;
    try {
      bodies = journal.pending();
    } catch (IOException e) {
      throw new StartupException("cannot read the event journal: " + e.getMessage());
    }
    QueueSnapshot.sendAll(sqs, queueUrl, bodies);
    return bodies.size();
  }

  /**
   * Keeps the emulators alive and the journal short: a dead dynalite is started again on its port
   * and data, and the journal is emptied whenever everything it holds is stored.
   */
  private void watch() {
    while (!Thread.currentThread().isInterrupted()) {
      try {
        Thread.sleep(WATCH_EVERY);
      } catch (InterruptedException e) {
        return;
      }
      try {
        emulators.reviveDynamoDb().ifPresent(System.err::println);
      } catch (IllegalStateException e) {
        System.err.println(
            "dynalite (DynamoDB) is down and cannot be restarted: "
                + e.getMessage()
                + ". Accepted events wait on the queue and in the journal; queries answer 503.");
      }
      try {
        journal.emptyIfStored(sqs, queue.url(), queue.deadLetterUrl());
      } catch (IOException | RuntimeException e) {
        // The queue is busy or the disk refuses: the journal stays, which is always safe.
      }
    }
  }

  private static Path queueSnapshot(LocalSettings settings) {
    return settings.dataDirectory().resolve("queue/events.jsonl");
  }

  private static Path deadLetterSnapshot(LocalSettings settings) {
    return settings.dataDirectory().resolve("queue/dead-letters.jsonl");
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
        .append(" (every function log line; WARN and ERROR lines also here)\n\n");
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

  /**
   * Stops in order: no new requests, drain the queue into storage, stop polling, stop the
   * emulators.
   */
  @Override
  public void close() {
    System.out.println("The Eye is stopping: no new requests; draining the queue...");
    watchdog.interrupt();
    EndpointsFile.remove(settings.dataDirectory());
    api.close();
    try {
      int left = eventSource.drain(settings.drainTimeout());
      System.out.println(
          left == 0
              ? "Queue drained: every accepted event is stored."
              : left
                  + " message(s) still being retried after "
                  + settings.drainTimeout().toSeconds()
                  + " s.");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    eventSource.close();
    eventSource.releaseRetrying();
    try {
      int saved = QueueSnapshot.save(sqs, queue.url(), queueSnapshot(settings));
      int savedDead = QueueSnapshot.save(sqs, queue.deadLetterUrl(), deadLetterSnapshot(settings));
      if (saved + savedDead > 0) {
        System.out.println(
            "Saved "
                + saved
                + " queued and "
                + savedDead
                + " dead-letter message(s) to "
                + settings.dataDirectory()
                + ": they go back on the queues at the next start.");
      }
      // Everything the journal held is now stored or in the snapshots.
      journal.empty();
    } catch (IOException | RuntimeException e) {
      // A full disk, typically: the journal still holds every accepted event, and the next start
      // replays it. The emulators are stopped all the same.
      System.err.println(
          "Could not save the queues ("
              + e.getMessage()
              + "); the journal keeps every accepted event for the next start.");
    }
    try {
      journal.close();
    } catch (IOException e) {
      System.err.println("Could not close the journal: " + e.getMessage());
    }
    sqs.close();
    dynamoDb.close();
    emulators.close();
    functionLog.close();
    System.out.println("The Eye stopped.");
  }

  /** A prerequisite is missing; the message says which and what to do. */
  static final class StartupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StartupException(String message) {
      super(message);
    }
  }
}

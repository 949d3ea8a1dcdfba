package com.theeye.local;

import com.theeye.aws.AwsClients;
import com.theeye.emulators.LocalEmulators;
import com.theeye.emulators.LocalLambdaContext;
import com.theeye.emulators.QueueDepth;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The Eye on one machine: ElasticMQ and dynalite in place of SQS and DynamoDB, a local HTTP API in
 * place of API Gateway, and a poller in place of Lambda's SQS event source, all calling the same
 * handler classes the template deploys ({@link LocalFunctions}), configured through the same
 * environment variables. This class is the order things start and stop in.
 */
public final class LocalEye implements AutoCloseable {

  /**
   * Batches the local event source hands the processor at once. Lambda runs up to the template's
   * ProcessorMaximumConcurrency (10); four keep the emulated DynamoDB busy on a laptop, where one
   * left most events waiting on the round trips of a single poller (docs/PERFORMANCE.md).
   */
  static final int CONCURRENT_BATCHES = 4;

  /**
   * Idle connections kept per emulator: above the most requests the API and processor make at once.
   */
  static final int EMULATOR_CONNECTIONS = 256;

  /** The most one call to an emulator may take, its SDK retries included. */
  private static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(5);

  private final LocalSettings settings;
  private final DataFolderLock lock;
  private final LocalEmulators emulators;
  private final SqsClient sqs;
  private final LocalFunctions.Clients functionClients;
  private final DynamoDbClient dynamoDb;
  private final LocalResources.Queue queue;
  private final JournaledQueues journaled;
  private final FunctionLog functionLog;
  private final SqsEventSource eventSource;
  private final SqsEventSource deletionSource;
  private final ApiGatewayBridge api;
  private final EmulatorWatchdog watchdog;
  private final AccountingLedger ledger;

  private LocalEye(
      LocalSettings settings,
      DataFolderLock lock,
      LocalEmulators emulators,
      SqsClient sqs,
      LocalFunctions.Clients functionClients,
      DynamoDbClient dynamoDb,
      LocalResources.Queue queue,
      JournaledQueues journaled,
      FunctionLog functionLog,
      SqsEventSource eventSource,
      SqsEventSource deletionSource,
      ApiGatewayBridge api,
      AccountingLedger ledger) {
    this.settings = settings;
    this.lock = lock;
    this.emulators = emulators;
    this.sqs = sqs;
    this.functionClients = functionClients;
    this.dynamoDb = dynamoDb;
    this.queue = queue;
    this.journaled = journaled;
    this.functionLog = functionLog;
    this.eventSource = eventSource;
    this.deletionSource = deletionSource;
    this.api = api;
    this.ledger = ledger;
    this.watchdog = EmulatorWatchdog.start(emulators, journaled, settings.dataDirectory());
  }

  /**
   * Starts everything, in order: the data folder's lock, emulators, resources, what the journal
   * holds back on the queues, processor, then the API, so nothing is accepted before it can be
   * stored.
   *
   * @param repoRoot the checkout, where node_modules/ holds dynalite
   */
  public static LocalEye start(LocalSettings settings, Path repoRoot) {
    return start(settings, repoRoot, Map.of());
  }

  /**
   * As {@link #start(LocalSettings, Path)}, with {@code functionSettings} added to every function's
   * environment ({@link LocalFunctions#build}).
   */
  static LocalEye start(
      LocalSettings settings, Path repoRoot, Map<String, String> functionSettings) {
    requirePortFree(settings.host(), settings.port());
    // Closed in reverse when a later step fails (a class missing from the jar, too): a half-started
    // runner must not keep dynalite alive or the data folder locked.
    Deque<AutoCloseable> started = new ArrayDeque<>();
    try {
      DataFolderLock lock = keep(started, DataFolderLock.take(settings.dataDirectory()));
      LocalEmulators emulators = keep(started, startEmulators(settings, repoRoot));
      SqsClient sqs = keep(started, clients(emulators.sqsEndpoint()).build(SqsClient.builder()));
      DynamoDbClient dynamoDb = keep(started, clients(emulators.dynamoDbEndpoint()).dynamoDb());
      onEmulator(
          "creating the tables in dynalite at " + emulators.dynamoDbEndpoint(),
          () -> LocalResources.ensureTables(dynamoDb));
      LocalResources.Queue queue =
          onEmulator(
              "creating the queues in ElasticMQ at " + emulators.sqsEndpoint(),
              () -> LocalResources.ensureQueues(sqs, settings.queue()));
      LocalResources.Queue deletionsQueue =
          onEmulator(
              "creating the deletions queues in ElasticMQ at " + emulators.sqsEndpoint(),
              () -> LocalResources.ensureDeletionQueues(sqs));
      FunctionLog functionLog = keep(started, openFunctionLog(settings));
      JournaledQueues journaled =
          keep(started, JournaledQueues.open(settings.dataDirectory(), sqs, queue));
      AccountingLedger ledger = keep(started, openLedger(settings));
      AcceptanceCounter accepted = new AcceptanceCounter(ledger, queue.url());
      onEmulator(
          "putting the journal back on the queues",
          () -> journaled.putBack(accepted::countPutBack));
      settings
          .defaultApplication()
          .ifPresent(
              app ->
                  onEmulator(
                      "registering the application " + app,
                      () -> LocalResources.registerApplication(dynamoDb, app)));
      // GET /api/v1/recent/: what the ingest queued and the processor wrote, tapped on their own
      // clients where a deployed stack reads its tables' streams.
      Clock clock = Clock.systemUTC();
      LocalArrivals arrivals =
          new LocalArrivals(new StoredSince(dynamoDb, LocalResources.TABLES, clock), clock);
      QueueArrivalTap queued = new QueueArrivalTap(arrivals, queue.url(), clock);
      // The functions' own SQS clients journal what they send to the events queue (the ingest's
      // accepted events, the processor's throttled hand-backs), and their sends only; the ingest's
      // sends are also counted as accepted.
      SqsClient ingestSqs =
          keep(
              started,
              clients(emulators.sqsEndpoint())
                  .build(
                      SqsClient.builder()
                          .overrideConfiguration(
                              c ->
                                  c.addExecutionInterceptor(journaled.interceptor())
                                      .addExecutionInterceptor(accepted)
                                      .addExecutionInterceptor(queued))));
      SqsClient processorSqs =
          keep(
              started,
              clients(emulators.sqsEndpoint())
                  .build(
                      SqsClient.builder()
                          .overrideConfiguration(
                              c -> c.addExecutionInterceptor(journaled.interceptor()))));
      DynamoDbClient processorDynamoDb =
          keep(
              started,
              clients(emulators.dynamoDbEndpoint())
                  .build(
                      DynamoDbClient.builder()
                          .overrideConfiguration(
                              c ->
                                  c.addExecutionInterceptor(
                                      new StoreArrivalTap(
                                          arrivals, LocalResources.TABLES, clock)))));
      LocalFunctions.Clients functionClients =
          new LocalFunctions.Clients(ingestSqs, processorSqs, dynamoDb, processorDynamoDb, sqs);
      LocalFunctions functions =
          LocalFunctions.build(
              functionClients,
              arrivals,
              LocalCursorKey.in(settings.dataDirectory()),
              new LocalFunctions.QueueUrls(queue.url(), deletionsQueue.url()),
              ledger,
              withQueueSettings(settings, functionSettings));
      SqsEventSource eventSource =
          keep(started, eventSource(settings, sqs, queue, functions, journaled, functionLog));
      eventSource.start();
      SqsEventSource deletionSource =
          keep(started, deletionSource(sqs, deletionsQueue, functions, functionLog));
      deletionSource.start();
      onEmulator(
          "ordering again the deletions an earlier run left unfinished",
          () ->
              reportOrderedAgain(
                  UnfinishedDeletions.orderAgain(
                      dynamoDb, LocalResources.TABLES.deletions(), sqs, deletionsQueue.url())));
      ApiGatewayBridge api =
          keep(started, startApi(settings, functions, new ApiDocs(repoRoot), functionLog));
      writeEndpoints(settings, api, emulators, queue);
      return new LocalEye(
          settings,
          lock,
          emulators,
          sqs,
          functionClients,
          dynamoDb,
          queue,
          journaled,
          functionLog,
          eventSource,
          deletionSource,
          api,
          ledger);
    } catch (RuntimeException | Error e) {
      while (!started.isEmpty()) {
        try {
          started.pop().close();
        } catch (Exception closing) {
          e.addSuppressed(closing);
        }
      }
      throw e;
    }
  }

  private static SqsEventSource eventSource(
      LocalSettings settings,
      SqsClient sqs,
      LocalResources.Queue queue,
      LocalFunctions functions,
      JournaledQueues journaled,
      FunctionLog functionLog) {
    return new SqsEventSource(
        sqs,
        queue.url(),
        queue.arn(),
        functions.processor(),
        settings.queue().batchSize(),
        CONCURRENT_BATCHES,
        settings.queue().visibilityTimeout(),
        settings.queue().maxReceiveCount(),
        journaled.journal(),
        functionLog);
  }

  /**
   * The deletions queue's event source: one order at a time per poller, as the template's batch
   * size of 1, with the deletion function's timeout (900 s) so a job counts its time as on AWS.
   */
  private static SqsEventSource deletionSource(
      SqsClient sqs,
      LocalResources.Queue deletionsQueue,
      LocalFunctions functions,
      FunctionLog functionLog) {
    return new SqsEventSource(
        sqs,
        deletionsQueue.url(),
        deletionsQueue.arn(),
        functions.deletion(),
        1,
        2,
        LocalResources.DELETIONS_VISIBILITY_TIMEOUT,
        LocalResources.DELETIONS_MAX_RECEIVE_COUNT,
        SqsEventSource.QueueExits.NONE,
        functionLog,
        java.time.Duration.ofSeconds(900));
  }

  private static void reportOrderedAgain(java.util.List<java.util.UUID> deletions) {
    if (!deletions.isEmpty()) {
      System.out.println(
          "Ordered again "
              + deletions.size()
              + " deletion(s) an earlier run left unfinished: "
              + deletions);
    }
  }

  /**
   * A start step that calls an emulator: one that does not answer fails the start with what was
   * being done and how long each call waited, not a stack trace.
   */
  private static <T> T onEmulator(String what, Supplier<T> step) {
    try {
      return step.get();
    } catch (SdkException e) {
      throw new StartupException(
          what
              + " failed, each call waiting up to "
              + API_CALL_TIMEOUT.toSeconds()
              + " s: "
              + e.getMessage());
    }
  }

  private static void onEmulator(String what, Runnable step) {
    onEmulator(
        what,
        () -> {
          step.run();
          return null;
        });
  }

  private static <T extends AutoCloseable> T keep(Deque<AutoCloseable> started, T resource) {
    started.push(resource);
    return resource;
  }

  /**
   * The queue's redrive policy, which the processor's dead-letter count and the stats' settle time
   * follow, as template.yaml gives them the stack's; a test's own settings win.
   */
  /** How long make run's processor remembers whether a person is suppressed. */
  static final java.time.Duration LOCAL_SUPPRESSION_CACHE = java.time.Duration.ofSeconds(5);

  private static Map<String, String> withQueueSettings(
      LocalSettings settings, Map<String, String> functionSettings) {
    Map<String, String> merged = new java.util.HashMap<>();
    int receives = settings.queue().maxReceiveCount();
    merged.put("MAX_RECEIVE_COUNT", Integer.toString(receives));
    merged.put(
        "SETTLE_SECONDS",
        Long.toString(settings.queue().visibilityTimeout().toSeconds() * receives + 60));
    // A deletion is done once no processor can still store an event of the person: the
    // suppression cache's period plus the processor's timeout (template.yaml's sum, 60 + 30 s).
    // Locally the cache is 5 s, so a deletion of make run is done within about 35 s, not 90.
    merged.put("SUPPRESSION_CACHE_SECONDS", Long.toString(LOCAL_SUPPRESSION_CACHE.toSeconds()));
    merged.put(
        "DELETION_SETTLE_SECONDS",
        Long.toString(
            LOCAL_SUPPRESSION_CACHE.plus(LocalLambdaContext.DEFAULT_TIMEOUT).toSeconds()));
    merged.putAll(functionSettings);
    return merged;
  }

  private static AccountingLedger openLedger(LocalSettings settings) {
    try {
      return AccountingLedger.open(settings.dataDirectory());
    } catch (IOException e) {
      throw new StartupException(
          "cannot open the accounting ledger in "
              + settings.dataDirectory()
              + ": "
              + e.getMessage());
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

  private static AwsClients clients(URI endpoint) {
    return AwsClients.forEndpoint(
        endpoint, LocalEmulators.REGION, LocalEmulators.CREDENTIALS, API_CALL_TIMEOUT);
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
      LocalSettings settings, LocalFunctions functions, ApiDocs docs, FunctionLog functionLog) {
    try {
      return ApiGatewayBridge.start(
          settings.host(),
          settings.port(),
          functions.routes(),
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

  private static void writeEndpoints(
      LocalSettings settings,
      ApiGatewayBridge api,
      LocalEmulators emulators,
      LocalResources.Queue queue) {
    try {
      EndpointsFile.write(
          settings.dataDirectory(),
          baseUrl(settings, api),
          emulators.sqsEndpoint(),
          emulators.dynamoDbEndpoint(),
          queue.url(),
          LocalResources.TABLES,
          LocalFunctions.INDEX_SHARDS);
    } catch (UncheckedIOException e) {
      throw new StartupException(e.getMessage() + " (" + e.getCause().getMessage() + ")");
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

  Banner banner() {
    return new Banner(
        baseUrl(),
        settings,
        emulators.sqsEndpoint(),
        emulators.dynamoDbEndpoint(),
        functionLog.file());
  }

  /** Stops as {@link #stop()} does. */
  @Override
  public void close() {
    stop();
  }

  /**
   * Stops in order: no new requests, drain the queue into storage, stop polling, save what the
   * queues still hold to the journal, stop the emulators, release the data folder. Each step runs
   * whatever an earlier one met (a full disk, say), so the emulators always stop.
   *
   * @return whether every step succeeded
   */
  boolean stop() {
    System.out.println("The Eye is stopping: no new requests; draining the queue...");
    boolean clean = true;
    clean &= step("stopping the watchdog", watchdog::close);
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
    // A deletion still sweeping is left where it is: its record says it is unfinished, and the
    // next start orders it again (UnfinishedDeletions).
    clean &= step("stopping the deletions' event source", deletionSource::close);
    clean &= step("saving the queues to the journal", journaled::save);
    clean &= step("closing the journal", journaled::close);
    clean &= step("closing the accounting ledger", ledger::close);
    clean &= step("closing the ingest's SQS client", functionClients.ingestSqs()::close);
    clean &= step("closing the processor's SQS client", functionClients.processorSqs()::close);
    clean &=
        step("closing the processor's DynamoDB client", functionClients.processorDynamoDb()::close);
    clean &= step("closing the SQS client", sqs::close);
    clean &= step("closing the DynamoDB client", dynamoDb::close);
    clean &= step("stopping the emulators", emulators::close);
    clean &= step("closing the function log", functionLog::close);
    clean &= step("releasing the data folder", lock::close);
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

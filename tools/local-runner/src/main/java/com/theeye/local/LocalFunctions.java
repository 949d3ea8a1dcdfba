package com.theeye.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.theeye.deletion.DeletionConfig;
import com.theeye.deletion.DeletionHandler;
import com.theeye.emulators.LocalEmulators;
import com.theeye.ingest.IngestConfig;
import com.theeye.ingest.IngestHandler;
import com.theeye.ingest.IngestService;
import com.theeye.processor.BatchProcessor;
import com.theeye.processor.ProcessorConfig;
import com.theeye.processor.ProcessorHandler;
import com.theeye.processor.SchemaRegistry;
import com.theeye.query.ArrivalFeed;
import com.theeye.query.DeletionRequests;
import com.theeye.query.QueryConfig;
import com.theeye.query.QueryHandler;
import com.theeye.query.QueryService;
import com.theeye.query.StatsService;
import com.theeye.signing.CursorKeys;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The four functions template.yaml deploys, built from the same handler classes with the
 * environment the template gives each (local names for tables and queues), and the routes the
 * template's HTTP API sends to them. Every handler is built before anything runs, so a broken build
 * fails the start, not a request.
 *
 * @param ingest the ingest function, sending through the journaling SQS client
 * @param query the query function
 * @param processor the processor function, which the local event source calls; it hands events
 *     DynamoDB keeps throttling back to the queue through the same journaling client
 * @param deletion the deletion function, which the deletions queue's event source calls
 */
record LocalFunctions(
    RequestStreamHandler ingest,
    RequestStreamHandler query,
    ProcessorHandler processor,
    DeletionHandler deletion) {

  /** The processor writes and the query function reads the same number of index shards. */
  static final String INDEX_SHARDS = "8";

  /**
   * Builds the functions.
   *
   * @param clients the clients each function calls AWS with
   * @param arrivals what {@code GET /api/v1/recent/} reads: the runner's taps, where a deployed
   *     stack's query function reads its tables' streams
   * @param cursorKey the key cursors and receipts are signed with ({@link LocalCursorKey})
   * @param queues the events queue, and the deletions queue the query function orders deletions on
   * @param ledger the accounting: the processor counts in it, the stats read it
   * @param settings added to every function's environment (each reads the variables it knows):
   *     tests run the other values template.yaml's parameters allow, e.g. {@code MAX_EVENT_BYTES}
   */
  static LocalFunctions build(
      Clients clients,
      ArrivalFeed arrivals,
      String cursorKey,
      QueueUrls queues,
      AccountingLedger ledger,
      Map<String, String> settings) {
    CursorKeys keys = CursorKeys.fixed(cursorKey);
    return new LocalFunctions(
        ingest(
            clients.ingestSqs(),
            clients.dynamoDb(),
            keys,
            with(ingestEnvironment(queues.events()), settings)),
        query(
            clients.dynamoDb(),
            clients.sqs(),
            arrivals,
            ledger,
            keys,
            with(queryEnvironment(queues.deletions()), settings)),
        processor(
            clients.processorSqs(),
            clients.processorDynamoDb(),
            ledger,
            with(processorEnvironment(queues.events()), settings)),
        new DeletionHandler(
            DeletionConfig.fromEnv(with(deletionEnvironment(queues.deletions()), settings)),
            clients.dynamoDb(),
            clients.sqs()));
  }

  /** The URLs of the events queue and of the deletions queue. */
  record QueueUrls(String events, String deletions) {}

  /**
   * The clients the functions call AWS with, one per function and service where the runner taps
   * what a function does.
   *
   * @param ingestSqs sends accepted events: journaled, counted as accepted ({@link
   *     AcceptanceCounter}) and tapped for {@code /recent/}'s queued arrivals
   * @param processorSqs hands events DynamoDB keeps throttling back to the queue: journaled,
   *     neither counted nor tapped, since a hand-back is no new accept
   * @param dynamoDb what the ingest and query functions read with
   * @param processorDynamoDb what the processor writes with: tapped for {@code /recent/}'s outcomes
   * @param sqs what the query function orders deletions with and the deletion function orders its
   *     own continuations with: neither journaled (the Deletions table says what is unfinished,
   *     {@link UnfinishedDeletions}) nor counted
   */
  record Clients(
      SqsClient ingestSqs,
      SqsClient processorSqs,
      DynamoDbClient dynamoDb,
      DynamoDbClient processorDynamoDb,
      SqsClient sqs) {

    /** One SQS and one DynamoDB client for every function: nothing watched. */
    static Clients shared(SqsClient sqs, DynamoDbClient dynamoDb) {
      return new Clients(sqs, sqs, dynamoDb, dynamoDb, sqs);
    }
  }

  /** The routes template.yaml declares, to these functions. */
  List<ApiGatewayBridge.Route> routes() {
    return routes(ingest, query);
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
    // Receipts: the ingest function's, reachable without signing as POST is.
    routes.add(new ApiGatewayBridge.Route("GET", "/api/v1/receipts/{receipt}", ingest));
    routes.add(new ApiGatewayBridge.Route("GET", "/api/v1/events", query));
    routes.add(new ApiGatewayBridge.Route("GET", "/api/v1/invalid-events", query));
    routes.add(new ApiGatewayBridge.Route("GET", "/api/v1/{proxy+}", query));
    // Deletions: the query function's, as the data team's other routes (signed on AWS).
    routes.add(new ApiGatewayBridge.Route("DELETE", "/api/v1/users/{user_id}", query));
    routes.add(new ApiGatewayBridge.Route("DELETE", "/api/v1/anonymous/{anonymous_id}", query));
    routes.add(new ApiGatewayBridge.Route("DELETE", "/api/v1/sessions/{session_id}", query));
    routes.add(new ApiGatewayBridge.Route("GET", "/api/v1/deletions/{deletion_id}", query));
    return List.copyOf(routes);
  }

  /** The environment template.yaml gives the ingest function, with local names. */
  static Map<String, String> ingestEnvironment(String queueUrl) {
    return Map.of(
        "AWS_REGION", LocalEmulators.REGION.id(),
        "APPLICATIONS_TABLE", LocalResources.TABLES.applications(),
        "EVENTS_QUEUE_URL", queueUrl,
        "EVENTS_TABLE", LocalResources.TABLES.events(),
        "INVALID_EVENTS_TABLE", LocalResources.TABLES.invalidEvents(),
        "DELETIONS_TABLE", LocalResources.TABLES.deletions(),
        "CURSOR_SECRET_ARN", LOCAL_SECRET_ARN);
  }

  /** A placeholder: there is no Secrets Manager locally ({@link #queryEnvironment}). */
  static final String LOCAL_SECRET_ARN =
      "arn:aws:secretsmanager:local:000000000000:secret:the-eye-local";

  /** The environment template.yaml gives the processor function, with local names. */
  static Map<String, String> processorEnvironment(String queueUrl) {
    return Map.of(
        "AWS_REGION", LocalEmulators.REGION.id(),
        "EVENTS_TABLE", LocalResources.TABLES.events(),
        "SESSIONS_TABLE", LocalResources.TABLES.sessions(),
        "INVALID_EVENTS_TABLE", LocalResources.TABLES.invalidEvents(),
        "APPLICATIONS_TABLE", LocalResources.TABLES.applications(),
        "IDENTITIES_TABLE", LocalResources.TABLES.identities(),
        "DELETIONS_TABLE", LocalResources.TABLES.deletions(),
        "INDEX_SHARDS", INDEX_SHARDS,
        "EVENTS_QUEUE_URL", queueUrl);
  }

  /**
   * The environment template.yaml gives the query function, with local names. There is no Secrets
   * Manager locally: the secret's ARN is a placeholder and {@link #build} hands the query and the
   * ingest function the key kept in the data folder ({@link LocalCursorKey}), so a cursor or a
   * receipt outlives a restart as it outlives a deploy on AWS. There are no streams either
   * (dynalite has none): their ARNs are placeholders too, and {@code /recent/} reads the runner's
   * {@link LocalArrivals}.
   */
  static Map<String, String> queryEnvironment(String deletionsQueueUrl) {
    return Map.ofEntries(
        Map.entry("AWS_REGION", LocalEmulators.REGION.id()),
        Map.entry("EVENTS_TABLE", LocalResources.TABLES.events()),
        Map.entry("INVALID_EVENTS_TABLE", LocalResources.TABLES.invalidEvents()),
        Map.entry("IDENTITIES_TABLE", LocalResources.TABLES.identities()),
        Map.entry("APPLICATIONS_TABLE", LocalResources.TABLES.applications()),
        Map.entry("DELETIONS_TABLE", LocalResources.TABLES.deletions()),
        Map.entry("DELETIONS_QUEUE_URL", deletionsQueueUrl),
        Map.entry("EVENTS_STREAM_ARN", streamArn(LocalResources.TABLES.events())),
        Map.entry("INVALID_EVENTS_STREAM_ARN", streamArn(LocalResources.TABLES.invalidEvents())),
        Map.entry("INDEX_SHARDS", INDEX_SHARDS),
        Map.entry("CURSOR_SECRET_ARN", LOCAL_SECRET_ARN));
  }

  /**
   * The environment template.yaml gives the deletion function, with local names. Its settle time
   * and the processor's suppression cache keep the template's defaults unless a setting says
   * otherwise ({@code make run}: {@link LocalSettings}).
   */
  static Map<String, String> deletionEnvironment(String deletionsQueueUrl) {
    return Map.of(
        "AWS_REGION", LocalEmulators.REGION.id(),
        "EVENTS_TABLE", LocalResources.TABLES.events(),
        "INVALID_EVENTS_TABLE", LocalResources.TABLES.invalidEvents(),
        "IDENTITIES_TABLE", LocalResources.TABLES.identities(),
        "SESSIONS_TABLE", LocalResources.TABLES.sessions(),
        "DELETIONS_TABLE", LocalResources.TABLES.deletions(),
        "DELETIONS_QUEUE_URL", deletionsQueueUrl,
        "INDEX_SHARDS", INDEX_SHARDS);
  }

  private static String streamArn(String table) {
    return "arn:aws:dynamodb:"
        + LocalEmulators.REGION.id()
        + ":000000000000:table/"
        + table
        + "/stream/local";
  }

  private static Map<String, String> with(
      Map<String, String> environment, Map<String, String> settings) {
    Map<String, String> merged = new HashMap<>(environment);
    merged.putAll(settings);
    return merged;
  }

  /**
   * The key cursors and receipts are signed with, new at every start: cursors and receipts from an
   * earlier run are refused (404 for a receipt), as after two rotations on AWS.
   */
  private static IngestHandler ingest(
      SqsClient sqs, DynamoDbClient dynamoDb, CursorKeys keys, Map<String, String> environment) {
    IngestConfig config = IngestConfig.fromEnv(environment);
    return new IngestHandler(
        IngestService.create(config, sqs, dynamoDb, Clock.systemUTC(), keys),
        config.metricsNamespace());
  }

  private static QueryHandler query(
      DynamoDbClient dynamoDb,
      SqsClient sqs,
      ArrivalFeed arrivals,
      AccountingLedger ledger,
      CursorKeys keys,
      Map<String, String> environment) {
    QueryConfig config = QueryConfig.fromEnv(environment);
    return new QueryHandler(
        QueryService.create(config, dynamoDb, keys, arrivals),
        StatsService.create(config, ledger),
        DeletionRequests.create(config, dynamoDb, sqs));
  }

  private static ProcessorHandler processor(
      SqsClient sqs,
      DynamoDbClient dynamoDb,
      AccountingLedger ledger,
      Map<String, String> environment) {
    ProcessorConfig config = ProcessorConfig.fromEnv(environment);
    SchemaRegistry schemas = SchemaRegistry.fromClasspath(ProcessorHandler.class.getClassLoader());
    return new ProcessorHandler(BatchProcessor.create(config, dynamoDb, sqs, schemas), ledger);
  }
}

package com.theeye.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.theeye.emulators.LocalEmulators;
import com.theeye.emulators.LocalLambdaContext;
import com.theeye.emulators.Tables;
import com.theeye.event.EventCodec;
import com.theeye.event.ExactJson;
import com.theeye.ingest.IngestConfig;
import com.theeye.ingest.IngestHandler;
import com.theeye.ingest.IngestService;
import com.theeye.processor.BatchProcessor;
import com.theeye.processor.BatchResult;
import com.theeye.processor.ProcessorConfig;
import com.theeye.processor.QueueMessage;
import com.theeye.processor.SchemaRegistry;
import com.theeye.signing.CursorKeys;
import com.theeye.store.ApplicationItems;
import com.theeye.store.TableNames;
import com.theeye.store.TrustedApplication;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * What the code does for a stream of events, counted on the emulators: the real ingest handler
 * takes requests of {@code k} events (as senders post them, {@link #EVENTS_PER_SESSION} events a
 * session) and sends them to ElasticMQ; the real processor takes the messages it sent, in batches
 * of the event source's size, and stores them in dynalite. Counted on the way: SQS calls and the
 * requests SQS bills, messages, processor batches, DynamoDB calls and capacity units per table.
 */
final class TrafficMeasurement {

  /**
   * Events per session: a session's claim (a read and a conditional write on Sessions) is spread
   * over them. An assumption, not a measurement: docs/PERFORMANCE.md names it.
   */
  static final int EVENTS_PER_SESSION = 20;

  /** What {@code events} events, sent {@code k} a request, cost in calls and units. */
  record Traffic(
      int eventsPerRequest,
      int events,
      int requests,
      long sqsSendCalls,
      long sqsSendBilled,
      long messages,
      long sqsReceiveDeleteBilled,
      int processorInvocations,
      long dynamoDbCalls,
      double eventsWriteUnits,
      double sessionsWriteUnits,
      double otherWriteUnits,
      double readUnits,
      Map<String, Long> callsByOperation) {

    double perEvent(double count) {
      return count / events;
    }

    /** DynamoDB calls one processor invocation makes, on average. */
    double callsPerInvocation() {
      return (double) dynamoDbCalls / processorInvocations;
    }

    double eventsPerInvocation() {
      return (double) events / processorInvocations;
    }
  }

  private final URI sqsEndpoint;
  private final URI dynamoDbEndpoint;
  private final DynamoDbClient plain;
  private int runs;

  /** Counts on the SQS and DynamoDB emulators (or LocalStack) at these endpoints. */
  TrafficMeasurement(URI sqsEndpoint, URI dynamoDbEndpoint) {
    this.sqsEndpoint = sqsEndpoint;
    this.dynamoDbEndpoint = dynamoDbEndpoint;
    this.plain = dynamoDb(List.of());
  }

  Traffic measure(int eventsPerRequest, int events, int batchSize, int batchConcurrency)
      throws Exception {
    TableNames tables =
        TableNames.withPrefix(
            "cost-" + UUID.randomUUID().toString().substring(0, 8) + "-" + (++runs) + "-");
    List<CreateTableRequest> definitions = Tables.all(tables);
    definitions.forEach(plain::createTable);
    plain.putItem(
        b ->
            b.tableName(tables.applications())
                .item(
                    ApplicationItems.toItem(
                        new TrustedApplication(
                            Fixtures.APPLICATION, "cost table", true, Instant.now()))));
    QueueMeter queueMeter = new QueueMeter();
    SqsClient sqs = sqs(queueMeter);
    String queueUrl = sqs.createQueue(b -> b.queueName(tables.events() + "-queue")).queueUrl();

    IngestConfig ingestConfig =
        IngestConfig.fromEnv(
            Map.of(
                "AWS_REGION", LocalEmulators.REGION.id(),
                "APPLICATIONS_TABLE", tables.applications(),
                "EVENTS_QUEUE_URL", queueUrl,
                "EVENTS_TABLE", tables.events(),
                "INVALID_EVENTS_TABLE", tables.invalidEvents(),
                "DELETIONS_TABLE", tables.deletions(),
                "CURSOR_SECRET_ARN", "arn:aws:secretsmanager:local:000000000000:secret:cost"));
    IngestHandler ingest =
        new IngestHandler(
            IngestService.create(
                ingestConfig,
                sqs,
                plain,
                Clock.systemUTC(),
                CursorKeys.fixed("traffic-measurement-signing-key-0123456789")),
            "TheEye");
    int requests = 0;
    for (int first = 0; first < events; first += eventsPerRequest) {
      String status =
          post(
              ingest,
              body(first, Math.min(eventsPerRequest, events - first), events / EVENTS_PER_SESSION));
      if (!status.equals("202")) {
        throw new IllegalStateException("the ingest handler answered " + status);
      }
      requests++;
    }

    List<QueueMessage> queued = drain(sqs, queueUrl, queueMeter.messages());
    CapacityMeter capacity = new CapacityMeter(definitions);
    int invocations = 0;
    try (BatchProcessor processor =
        BatchProcessor.create(
            ProcessorConfig.fromEnv(
                Map.of(
                    "AWS_REGION", LocalEmulators.REGION.id(),
                    "EVENTS_TABLE", tables.events(),
                    "SESSIONS_TABLE", tables.sessions(),
                    "INVALID_EVENTS_TABLE", tables.invalidEvents(),
                    "APPLICATIONS_TABLE", tables.applications(),
                    "IDENTITIES_TABLE", tables.identities(),
                    "DELETIONS_TABLE", tables.deletions(),
                    "BATCH_CONCURRENCY", Integer.toString(batchConcurrency),
                    "EVENTS_QUEUE_URL", queueUrl)),
            dynamoDb(List.of(capacity)),
            sqs,
            SchemaRegistry.fromClasspath(TrafficMeasurement.class.getClassLoader()))) {
      for (int from = 0; from < queued.size(); from += batchSize) {
        BatchResult result =
            processor.process(queued.subList(from, Math.min(queued.size(), from + batchSize)));
        if (!result.failedMessageIds().isEmpty()) {
          throw new IllegalStateException("the processor failed messages: " + result.logLine());
        }
        invocations++;
      }
    }
    double otherWrites =
        capacity.writeUnits(tables.invalidEvents()) + capacity.writeUnits(tables.applications());
    double reads =
        capacity.readUnits(tables.sessions())
            + capacity.readUnits(tables.applications())
            + capacity.readUnits(tables.events());
    return new Traffic(
        eventsPerRequest,
        events,
        requests,
        queueMeter.calls(),
        queueMeter.billedRequests(),
        queueMeter.messages(),
        queueMeter.billedReceiveAndDeleteRequests(),
        invocations,
        capacity.calls(),
        capacity.writeUnits(tables.events()),
        capacity.writeUnits(tables.sessions()),
        otherWrites,
        reads,
        capacity.callsByOperation());
  }

  /**
   * Events {@code first} .. {@code first + count - 1} as senders post them, one object for one
   * event, an array otherwise, {@link #EVENTS_PER_SESSION} events to a session. An array is one
   * session's events, as the SDKs send a page's queue; single posts from many sessions interleave
   * ({@code sessions} of them), as a session's pages come seconds apart.
   */
  static String body(int first, int count, int sessions) {
    if (count == 1) {
      return EventCodec.write(Fixtures.senderEvent(session(first % sessions), first));
    }
    ArrayNode array = ExactJson.MAPPER.createArrayNode();
    for (int i = first; i < first + count; i++) {
      array.add(Fixtures.senderEvent(session(i / EVENTS_PER_SESSION), i));
    }
    return EventCodec.write(array);
  }

  private static UUID session(int number) {
    return UUID.nameUUIDFromBytes(("session-" + number).getBytes(StandardCharsets.UTF_8));
  }

  private static String post(IngestHandler ingest, String body) throws Exception {
    ByteArrayOutputStream response = new ByteArrayOutputStream();
    ingest.handleRequest(
        new ByteArrayInputStream(Fixtures.apiGatewayEvent(body)),
        response,
        new LocalLambdaContext(line -> {}));
    return response
        .toString(StandardCharsets.UTF_8)
        .replaceAll("(?s).*\"statusCode\":(\\d+).*", "$1");
  }

  /**
   * Every message sent, received and deleted (receiving is not what is counted: see QueueMeter).
   */
  private static List<QueueMessage> drain(SqsClient sqs, String queueUrl, long expected) {
    List<QueueMessage> messages = new ArrayList<>();
    while (messages.size() < expected) {
      List<Message> received =
          sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
              .messages();
      for (Message message : received) {
        messages.add(new QueueMessage(message.messageId(), message.body()));
        sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
      }
    }
    return messages;
  }

  private DynamoDbClient dynamoDb(List<ExecutionInterceptor> interceptors) {
    return DynamoDbClient.builder()
        .region(LocalEmulators.REGION)
        .credentialsProvider(LocalEmulators.CREDENTIALS)
        .endpointOverride(dynamoDbEndpoint)
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(c -> interceptors.forEach(c::addExecutionInterceptor))
        .build();
  }

  private SqsClient sqs(ExecutionInterceptor meter) {
    return SqsClient.builder()
        .region(LocalEmulators.REGION)
        .credentialsProvider(LocalEmulators.CREDENTIALS)
        .endpointOverride(sqsEndpoint)
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(c -> c.addExecutionInterceptor(meter))
        .build();
  }
}

package com.theeye.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.theeye.aws.AwsClients;
import com.theeye.emulators.LocalEmulators;
import com.theeye.emulators.Tables;
import com.theeye.event.Event;
import com.theeye.event.EventCodec;
import com.theeye.event.ExactJson;
import com.theeye.processor.BatchProcessor;
import com.theeye.processor.BatchResult;
import com.theeye.processor.ProcessorConfig;
import com.theeye.processor.QueueMessage;
import com.theeye.processor.SchemaRegistry;
import com.theeye.query.QueryConfig;
import com.theeye.query.QueryHandler;
import com.theeye.query.QueryService;
import com.theeye.signing.CursorKeys;
import com.theeye.store.TableLayout;
import com.theeye.store.TableNames;
import com.theeye.testsupport.Fixtures;
import com.theeye.testsupport.TestLambdaContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.DoubleAdder;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * What one page of each query of the query API reads, and what one stored event writes, on
 * dynalite: stores a realistic hour of traffic through the real processor, then asks the real query
 * handler for the first page (limit 100) of each query, counting the DynamoDB Queries it makes and
 * the read units DynamoDB would bill for them.
 *
 * <p>Read units are dynalite's own figures (item bytes read per Query, in 4 KB units, halved for
 * eventually consistent reads, as DynamoDB computes them), raised to DynamoDB's minimum of 0.5 per
 * Query. Write units are computed from the stored items (dynalite does not count index writes): 1
 * per KB of the item, once for the table and once for each index whose key it carries.
 */
public final class ReadCostProbe {

  private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
  private static final int EVENTS = 3000;
  private static final int LIMIT = 100;

  public static void main(String[] args) throws Exception {
    try (LocalEmulators emulators = LocalEmulators.start(Fixtures.repoRoot(), null)) {
      new ReadCostProbe().run(emulators);
    }
  }

  private void run(LocalEmulators emulators) throws Exception {
    ReadCounter counter = new ReadCounter();
    AwsClients clients =
        AwsClients.forEndpoint(
            emulators.dynamoDbEndpoint(),
            LocalEmulators.REGION,
            LocalEmulators.CREDENTIALS,
            Duration.ofSeconds(30));
    DynamoDbClient plain = clients.dynamoDb();
    // AwsClients sets the override configuration whole; add the counter on top of its settings.
    DynamoDbClient counted =
        DynamoDbClient.builder()
            .region(LocalEmulators.REGION)
            .credentialsProvider(LocalEmulators.CREDENTIALS)
            .endpointOverride(emulators.dynamoDbEndpoint())
            .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
            .overrideConfiguration(c -> c.addExecutionInterceptor(counter))
            .build();
    TableNames tables = TableNames.withPrefix("cost-");
    Tables.all(tables).forEach(plain::createTable);

    Map<String, String> env = new HashMap<>();
    env.put("AWS_REGION", LocalEmulators.REGION.id());
    env.put("EVENTS_TABLE", tables.events());
    env.put("SESSIONS_TABLE", tables.sessions());
    env.put("INVALID_EVENTS_TABLE", tables.invalidEvents());
    env.put("IDENTITIES_TABLE", tables.identities());
    env.put("DELETIONS_TABLE", tables.deletions());
    // The processor checks every sender: the probe's application is a trusted one.
    env.put("APPLICATIONS_TABLE", tables.applications());
    // The probe reads no stream (its query service has no /recent/); QueryConfig requires them.
    env.put(
        "EVENTS_STREAM_ARN", "arn:aws:dynamodb:us-east-1:000000000000:table/cost-events/stream/0");
    env.put(
        "INVALID_EVENTS_STREAM_ARN",
        "arn:aws:dynamodb:us-east-1:000000000000:table/cost-invalid-events/stream/0");
    // The key comes from CursorKeys.fixed below; the ARN is only what QueryConfig requires.
    env.put(
        "CURSOR_SECRET_ARN",
        "arn:aws:secretsmanager:us-east-1:000000000000:secret:read-cost-probe");
    // The probe deletes nothing (its handler has no deletions); QueryConfig requires them.
    env.put("DELETIONS_TABLE", tables.deletions());
    env.put("DELETIONS_QUEUE_URL", "http://127.0.0.1:1/000000000000/cost-deletions");
    UUID application = UUID.randomUUID();
    plain.putItem(
        b ->
            b.tableName(tables.applications())
                .item(
                    com.theeye.store.ApplicationItems.toItem(
                        new com.theeye.store.TrustedApplication(
                            application, "read cost probe", true, T0))));
    List<UUID> sessions = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      sessions.add(UUID.randomUUID());
    }
    List<Event> events = new ArrayList<>(traffic(application, sessions));
    // A person's events (issue 20): 200 pageviews of one user id in 4 sessions, among another
    // user's 200 in the same sessions, so the person query's filter has something to skip.
    List<UUID> personSessions =
        List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
    events.addAll(personTraffic(application, personSessions));
    try (SqsClient sqs =
            AwsClients.forEndpoint(
                    emulators.sqsEndpoint(),
                    LocalEmulators.REGION,
                    LocalEmulators.CREDENTIALS,
                    Duration.ofSeconds(30))
                .build(SqsClient.builder());
        BatchProcessor processor =
            BatchProcessor.create(
                ProcessorConfig.fromEnv(withQueue(env, sqs)),
                plain,
                sqs,
                SchemaRegistry.fromClasspath(ReadCostProbe.class.getClassLoader()))) {
      for (int from = 0; from < events.size(); from += 100) {
        BatchResult result =
            processor.process(
                events.subList(from, Math.min(events.size(), from + 100)).stream()
                    .map(e -> new QueueMessage(e.id(), EventCodec.toMessage(e)))
                    .toList());
        if (!result.failedMessageIds().isEmpty()) {
          throw new IllegalStateException(result.logLine());
        }
      }
    }

    System.out.printf(
        "%d events (%d invalid) over one hour, 3 types in 2 categories, %d sessions, ~%d bytes of data each;"
            + " and 400 pageviews of 2 users in 4 more sessions%n",
        EVENTS, EVENTS / 30, sessions.size(), dataBytes(events.getFirst()));
    System.out.printf(
        "Identities items written for those 400 events: %d (one per user and session)%n",
        plain.scan(b -> b.tableName(tables.identities())).count());
    writeUnits(plain, tables, sessions.getFirst());

    String from = T0.toString();
    String to = T0.plus(Duration.ofHours(1)).toString();
    Map<String, Map<String, String>> queries = new LinkedHashMap<>();
    queries.put("session", Map.of("session_id", sessions.getFirst().toString()));
    queries.put(
        "category, one hour", Map.of("category", "page interaction", "from", from, "to", to));
    queries.put(
        "category + name, one hour",
        Map.of("category", "page interaction", "name", "cta click", "from", from, "to", to));
    queries.put("time range, one hour", Map.of("from", from, "to", to));
    queries.put(
        "person (user_id), 4 sessions of 50 of theirs and 50 of another's",
        Map.of("user_id", "probe-user-1"));
    queries.put(
        "invalid events, one hour",
        Map.of("application", application.toString(), "from", from, "to", to));

    try (QueryService service =
        QueryService.create(
            QueryConfig.fromEnv(env),
            counted,
            CursorKeys.fixed("read-cost-probe-signing-key-0123456789abcdef"))) {
      QueryHandler handler = new QueryHandler(service);
      System.out.println();
      System.out.println(
          "| query (limit "
              + LIMIT
              + ", first page) | results | DynamoDB Queries | items read | read units |");
      System.out.println("| --- | ---: | ---: | ---: | ---: |");
      for (var query : queries.entrySet()) {
        String path =
            query.getKey().startsWith("invalid") ? "/api/v1/invalid-events/" : "/api/v1/events/";
        Map<String, String> parameters = new LinkedHashMap<>(query.getValue());
        parameters.put("limit", Integer.toString(LIMIT));
        counter.reset();
        JsonNode body = get(handler, path, parameters);
        System.out.printf(
            "| %s | %d | %d | %d | %.1f |%n",
            query.getKey(),
            body.path("results").size(),
            counter.queries.get(),
            counter.items.get(),
            counter.units.sum());
      }
    }
  }

  private static void writeUnits(DynamoDbClient dynamoDb, TableNames tables, UUID session) {
    List<Map<String, AttributeValue>> items =
        dynamoDb
            .query(
                b ->
                    b.tableName(tables.events())
                        .keyConditionExpression("#s = :s")
                        .expressionAttributeNames(Map.of("#s", TableLayout.SESSION_ID))
                        .expressionAttributeValues(
                            Map.of(":s", AttributeValue.fromS(session.toString()))))
            .items();
    double units = 0;
    long bytes = 0;
    for (Map<String, AttributeValue> item : items) {
      long size = ItemSize.of(item);
      bytes += size;
      int indexes = 0;
      for (String indexKey : List.of(TableLayout.CATEGORY_SHARD, "time_shard")) {
        if (item.containsKey(indexKey)) {
          indexes++;
        }
      }
      units += Math.ceil(size / 1024.0) * (1 + indexes);
    }
    System.out.printf(
        "stored item: %d bytes on average; write units per stored event: %.2f%n",
        bytes / items.size(), units / items.size());
  }

  private static List<Event> personTraffic(UUID application, List<UUID> sessions) {
    String padding = "x".repeat(560);
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      UUID session = sessions.get(i % sessions.size());
      String user = "probe-user-" + (i % 8 < 4 ? 1 : 2);
      try {
        events.add(
            Event.identified(
                application,
                session,
                "page interaction",
                "pageview",
                (com.fasterxml.jackson.databind.node.ObjectNode)
                    ExactJson.MAPPER.readTree(
                        "{\"host\":\"shop.example\",\"path\":\"/u/"
                            + i
                            + "\",\"ref\":\""
                            + padding
                            + "\"}"),
                // Before the hour the other queries read, so their figures stay as they were.
                T0.minus(Duration.ofHours(2)).plusSeconds(i),
                T0.minus(Duration.ofHours(1)),
                new com.theeye.event.Identity(
                    java.util.Optional.empty(), java.util.Optional.of(user)),
                com.theeye.event.ClientClock.NONE,
                com.theeye.event.SegmentMessage.NONE));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return events;
  }

  private static List<Event> traffic(UUID application, List<UUID> sessions) {
    String padding = "x".repeat(560);
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < EVENTS; i++) {
      UUID session = sessions.get(i % sessions.size());
      Instant at = T0.plusMillis(i * 3_600_000L / EVENTS);
      String category;
      String name;
      String data;
      if (i % 30 == 29) {
        category = "page interaction";
        name = "cta click";
        data = "{\"host\":\"shop.example\",\"path\":\"/\"}"; // no element: invalid
      } else if (i % 3 == 0) {
        category = "page interaction";
        name = "pageview";
        data = "{\"host\":\"shop.example\",\"path\":\"/p/" + i + "\",\"ref\":\"" + padding + "\"}";
      } else if (i % 3 == 1) {
        category = "page interaction";
        name = "cta click";
        data =
            "{\"host\":\"shop.example\",\"path\":\"/p/"
                + i
                + "\",\"element\":\"buy\",\"ref\":\""
                + padding
                + "\"}";
      } else {
        category = "form interaction";
        name = "submit";
        data =
            "{\"host\":\"shop.example\",\"path\":\"/f\",\"form\":{\"n\":"
                + i
                + "},\"ref\":\""
                + padding
                + "\"}";
      }
      try {
        events.add(
            Event.identified(
                application,
                session,
                category,
                name,
                (ObjectNode) ExactJson.MAPPER.readTree(data),
                at,
                at.plusSeconds(1)));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    return events;
  }

  private static int dataBytes(Event event) {
    return EventCodec.write(event.data()).length();
  }

  private static JsonNode get(QueryHandler handler, String path, Map<String, String> parameters)
      throws Exception {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    handler.handleRequest(
        new ByteArrayInputStream(com.theeye.bench.Fixtures.apiGatewayGet(path, parameters)),
        output,
        new TestLambdaContext());
    JsonNode response = ExactJson.MAPPER.readTree(output.toByteArray());
    if (response.path("statusCode").asInt() != 200) {
      throw new IllegalStateException(response.toString());
    }
    return ExactJson.MAPPER.readTree(response.path("body").asText());
  }

  /** Asks for the consumed capacity of every Query and adds it up. */
  private static final class ReadCounter implements ExecutionInterceptor {
    final AtomicInteger queries = new AtomicInteger();
    final AtomicInteger items = new AtomicInteger();
    final DoubleAdder units = new DoubleAdder();

    void reset() {
      queries.set(0);
      items.set(0);
      units.reset();
    }

    @Override
    public SdkRequest modifyRequest(
        Context.ModifyRequest context, ExecutionAttributes executionAttributes) {
      if (context.request() instanceof QueryRequest query) {
        return query.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
      }
      return context.request();
    }

    @Override
    public void afterExecution(
        Context.AfterExecution context, ExecutionAttributes executionAttributes) {
      if (context.response() instanceof QueryResponse response) {
        queries.incrementAndGet();
        items.addAndGet(response.count());
        boolean consistent =
            Boolean.TRUE.equals(((QueryRequest) context.request()).consistentRead());
        double minimum = consistent ? 1.0 : 0.5;
        double reported =
            response.consumedCapacity() == null
                    || response.consumedCapacity().capacityUnits() == null
                ? 0
                : response.consumedCapacity().capacityUnits();
        units.add(Math.max(minimum, reported));
      }
    }
  }

  /** The processor's environment with a queue to hand throttled events back to. */
  private static Map<String, String> withQueue(Map<String, String> env, SqsClient sqs) {
    Map<String, String> withQueue = new HashMap<>(env);
    withQueue.put(
        "EVENTS_QUEUE_URL", sqs.createQueue(b -> b.queueName("read-cost-events")).queueUrl());
    return withQueue;
  }
}

package com.theeye.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.theeye.event.Event;
import com.theeye.event.ExactJson;
import com.theeye.ingest.EventQueue;
import com.theeye.processor.BatchProcessor;
import com.theeye.processor.ProcessorConfig;
import com.theeye.processor.ProcessorHandler;
import com.theeye.processor.SchemaRegistry;
import com.theeye.store.EventItems;
import com.theeye.store.InvalidEventItems;
import com.theeye.store.InvalidEventReplay;
import com.theeye.store.StoredInvalidEvent;
import com.theeye.store.StoredInvalidEvent.FieldError;
import com.theeye.store.TableLayout;
import com.theeye.store.TableNames;
import com.theeye.testsupport.AwsEmulators;
import com.theeye.testsupport.AwsTestEnvironment;
import com.theeye.testsupport.Eventually;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code make replay} end to end on the emulators: events rejected under a schema's v1 are sent
 * back through the queue after it is relaxed in v2, by the operator CLI reading only the endpoints
 * file a running {@code make run} leaves in its data folder.
 */
@ExtendWith(AwsEmulators.class)
class ReplayTest {

  private static final UUID SHOP = UUID.randomUUID();
  private static final Instant RECEIVED_AT = Instant.parse("2026-03-01T12:00:00Z");
  private static final String FROM = "2026-03-01T00:00:00Z";
  private static final String TO = "2026-03-02T00:00:00Z";
  private static final Duration WITHIN = Duration.ofSeconds(20);

  @TempDir Path dataDirectory;
  @TempDir Path schemas;

  private AwsTestEnvironment aws;
  private TableNames tables;
  private String queueUrl;
  private SqsEventSource eventSource;

  private Event nowValid;
  private Event stillInvalid;
  private Event valid;

  @BeforeEach
  void rejectTwoEventsUnderV1(AwsTestEnvironment aws) throws IOException {
    this.aws = aws;
    this.tables = aws.createTables();
    this.queueUrl = aws.createQueue("events");
    aws.putApplication(tables, SHOP, "shop", true);
    EndpointsFile.write(
        dataDirectory,
        "http://127.0.0.1:0",
        aws.sqsEndpoint(),
        aws.dynamoDbEndpoint(),
        queueUrl,
        tables,
        "8");

    startProcessor(ctaClickSchema("1-0-0", "\"host\", \"path\", \"element\""));
    nowValid = ctaClick("{\"host\":\"h\",\"path\":\"/\"}");
    stillInvalid = ctaClick("{\"host\":\"h\"}");
    valid = ctaClick("{\"host\":\"h\",\"path\":\"/\",\"element\":\"buy\"}");
    new EventQueue(aws.sqs(), queueUrl).send(List.of(nowValid, stillInvalid, valid));
    Eventually.await(
        WITHIN,
        () -> scan(tables.invalidEvents()).size() + scan(tables.events()).size(),
        n -> n == 3,
        "two invalid events and one stored");
    awaitDrained();
    eventSource.close();

    startProcessor(ctaClickSchema("1-0-1", "\"host\", \"path\""));
  }

  @AfterEach
  void stopProcessor() {
    if (eventSource != null) {
      eventSource.close();
    }
  }

  @Test
  void aReplayStoresWhatNowPassesOnceAndMarksTheRecordsAndASecondChangesNothing() {
    String first = replay();

    assertTrue(first.contains("found 2 invalid event(s); 0 already stored"), first);
    assertTrue(first.contains("re-sent 2"), first);
    assertTrue(first.contains("queue drained: 1 stored, 1 still invalid"), first);

    List<Map<String, AttributeValue>> session = sessionEvents(nowValid);
    assertEquals(1, session.size(), "stored once, queryable by its session");
    assertEquals(nowValid.id(), EventItems.fromItem(session.getFirst()).event().id());
    assertEquals(Optional.of("1-0-1"), EventItems.fromItem(session.getFirst()).schemaVersion());

    StoredInvalidEvent recovered = invalidRecord(nowValid);
    assertEquals(
        InvalidEventReplay.ReplayOutcome.STORED, recovered.replay().orElseThrow().outcome());
    StoredInvalidEvent still = invalidRecord(stillInvalid);
    assertEquals(
        InvalidEventReplay.ReplayOutcome.STILL_INVALID, still.replay().orElseThrow().outcome());
    assertEquals(List.of(new FieldError("data.path", "This field is required.")), still.errors());
    assertEquals(Optional.of("1-0-1"), still.schemaVersion());
    assertEquals(2, scan(tables.invalidEvents()).size());
    assertEquals(2, scan(tables.events()).size());

    var eventsBefore = scan(tables.events());
    var invalidBefore = scan(tables.invalidEvents());
    String second = replay();

    assertTrue(second.contains("found 2 invalid event(s); 1 already stored"), second);
    assertTrue(second.contains("queue drained: 0 stored, 1 still invalid"), second);
    assertEquals(eventsBefore, scan(tables.events()), "a second replay changes nothing more");
    assertEquals(invalidBefore, scan(tables.invalidEvents()));
  }

  @Test
  void aDryRunCountsAndChangesNothing() {
    var eventsBefore = scan(tables.events());
    var invalidBefore = scan(tables.invalidEvents());

    String output = replay("--dry-run");

    assertTrue(output.contains("found 2 invalid event(s)"), output);
    assertTrue(output.contains("dry run: would re-send 2; nothing sent or changed"), output);
    assertEquals(0, aws.approximateDepth(queueUrl));
    assertEquals(eventsBefore, scan(tables.events()));
    assertEquals(invalidBefore, scan(tables.invalidEvents()));
  }

  @Test
  void filtersByApplicationCategoryAndName() {
    String otherApplication = replay("--dry-run", "--application", UUID.randomUUID().toString());
    String otherName = replay("--dry-run", "--category", "page interaction", "--name", "pageview");
    String sameType =
        replay("--dry-run", "--application", SHOP.toString(), "--category", "page interaction");

    assertTrue(otherApplication.contains("found 0 invalid event(s)"), otherApplication);
    assertTrue(otherName.contains("found 0 invalid event(s)"), otherName);
    assertTrue(sameType.contains("found 2 invalid event(s)"), sameType);
  }

  private String replay(String... extra) {
    List<String> args =
        new java.util.ArrayList<>(List.of("--from", FROM, "--to", TO, "--wait", "20"));
    args.addAll(List.of(extra));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        com.theeye.operator.ReplayCli.run(
            args,
            Map.of("EYE_DATA_DIR", dataDirectory.toString()),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(0, exit, () -> err.toString(StandardCharsets.UTF_8));
    return out.toString(StandardCharsets.UTF_8);
  }

  private void startProcessor(Path schemaFolder) {
    Map<String, String> env =
        Map.of(
            "AWS_REGION", "us-east-1",
            "APPLICATIONS_TABLE", tables.applications(),
            "EVENTS_TABLE", tables.events(),
            "SESSIONS_TABLE", tables.sessions(),
            "INVALID_EVENTS_TABLE", tables.invalidEvents(),
            "IDENTITIES_TABLE", tables.identities(),
            "DELETIONS_TABLE", tables.deletions(),
            "EVENTS_QUEUE_URL", queueUrl);
    ProcessorHandler handler =
        new ProcessorHandler(
            BatchProcessor.create(
                ProcessorConfig.fromEnv(env),
                aws.dynamoDb(),
                aws.sqs(),
                SchemaRegistry.fromFolder(schemaFolder)));
    String arn = "arn:aws:sqs:us-east-1:000000000000:events";
    eventSource =
        new SqsEventSource(
            aws.sqs(),
            queueUrl,
            arn,
            handler,
            10,
            1,
            java.time.Duration.ofSeconds(30),
            Integer.MAX_VALUE,
            SqsEventSource.QueueExits.NONE,
            System.out::println);
    eventSource.start();
  }

  private void awaitDrained() {
    Eventually.await(WITHIN, () -> aws.approximateDepth(queueUrl), d -> d == 0, "queue drained");
  }

  private Path ctaClickSchema(String version, String required) throws IOException {
    Path folder = Files.createDirectories(schemas.resolve(version).resolve("page-interaction"));
    Files.writeString(
        folder.resolve("cta-click.json"),
        "{\"version\": \""
            + version
            + "\", \"type\": \"object\", \"required\": ["
            + required
            + "]}");
    return folder.getParent();
  }

  private static Event ctaClick(String data) {
    try {
      return Event.identified(
          SHOP,
          UUID.randomUUID(),
          "page interaction",
          "cta click",
          (com.fasterxml.jackson.databind.node.ObjectNode) ExactJson.MAPPER.readTree(data),
          RECEIVED_AT.minusSeconds(5),
          RECEIVED_AT);
    } catch (IOException e) {
      throw new IllegalArgumentException(data, e);
    }
  }

  private StoredInvalidEvent invalidRecord(Event event) {
    return InvalidEventItems.fromItem(
        aws.dynamoDb()
            .getItem(
                b ->
                    b.tableName(tables.invalidEvents())
                        .key(InvalidEventItems.key(event.id()))
                        .consistentRead(true))
            .item());
  }

  private List<Map<String, AttributeValue>> sessionEvents(Event event) {
    return aws.dynamoDb()
        .query(
            b ->
                b.tableName(tables.events())
                    .keyConditionExpression("#s = :s")
                    .expressionAttributeNames(Map.of("#s", TableLayout.SESSION_ID))
                    .expressionAttributeValues(
                        Map.of(":s", AttributeValue.fromS(event.sessionId().toString())))
                    .consistentRead(true))
        .items();
  }

  private List<Map<String, AttributeValue>> scan(String table) {
    return aws
        .dynamoDb()
        .scanPaginator(b -> b.tableName(table).consistentRead(true))
        .items()
        .stream()
        // The Events table also holds the category list, which is no event.
        .filter(
            item ->
                !AttributeValue.fromS(TableLayout.CATEGORY_LIST)
                    .equals(item.get(TableLayout.SESSION_ID)))
        .sorted(java.util.Comparator.comparing(Object::toString))
        .toList();
  }
}

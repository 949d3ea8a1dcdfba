package com.theeye.deletion;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.theeye.event.ClientClock;
import com.theeye.event.Event;
import com.theeye.event.EventCodec;
import com.theeye.event.ExactJson;
import com.theeye.event.Identity;
import com.theeye.event.SegmentMessage;
import com.theeye.processor.BatchProcessor;
import com.theeye.processor.BatchResult;
import com.theeye.processor.ProcessorConfig;
import com.theeye.processor.QueueMessage;
import com.theeye.processor.SchemaRegistry;
import com.theeye.store.DeletionItems;
import com.theeye.store.DeletionRecord;
import com.theeye.store.DeletionSubject;
import com.theeye.store.EventItems;
import com.theeye.store.InvalidEventItems;
import com.theeye.store.TableLayout;
import com.theeye.store.TableNames;
import com.theeye.testsupport.AwsTestEnvironment;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A deployment's tables and deletions queue on the emulators, data stored through the real
 * processor, deletions requested as the query function records them, and the job built as the
 * handler builds it.
 */
final class DeletionFixture implements AutoCloseable {

  static final int SHARDS = 4;
  static final Instant RECEIVED_AT = Instant.parse("2026-03-01T12:00:00Z");

  private static final SchemaRegistry SCHEMAS =
      SchemaRegistry.fromClasspath(DeletionFixture.class.getClassLoader());
  private static final AtomicLong SEQUENCE = new AtomicLong();

  final AwsTestEnvironment aws;
  final TableNames tables;
  final String queueUrl;
  final DeletionConfig config;
  private final BatchProcessor processor;

  DeletionFixture(AwsTestEnvironment aws) {
    this(aws, Duration.ZERO);
  }

  /** {@code settle}: {@code DELETION_SETTLE_SECONDS}; most tests want none, to be done at once. */
  DeletionFixture(AwsTestEnvironment aws, Duration settle) {
    this.aws = aws;
    this.tables = aws.createTables();
    this.queueUrl = aws.createQueue("deletions");
    Map<String, String> env = new HashMap<>();
    env.put("AWS_REGION", "us-east-1");
    env.put("EVENTS_TABLE", tables.events());
    env.put("SESSIONS_TABLE", tables.sessions());
    env.put("INVALID_EVENTS_TABLE", tables.invalidEvents());
    env.put("APPLICATIONS_TABLE", tables.applications());
    env.put("IDENTITIES_TABLE", tables.identities());
    env.put("DELETIONS_TABLE", tables.deletions());
    env.put("DELETIONS_QUEUE_URL", queueUrl);
    env.put("INDEX_SHARDS", Integer.toString(SHARDS));
    env.put("DELETION_SETTLE_SECONDS", Long.toString(settle.toSeconds()));
    env.put("EVENTS_QUEUE_URL", aws.createQueue("events"));
    this.config = DeletionConfig.fromEnv(env);
    this.processor =
        BatchProcessor.create(ProcessorConfig.fromEnv(env), aws.dynamoDb(), aws.sqs(), SCHEMAS);
  }

  DeletionJob job() {
    return job(aws.dynamoDb(), Clock.systemUTC());
  }

  DeletionJob job(DynamoDbClient dynamoDb, Clock clock) {
    return DeletionJob.create(config, dynamoDb, aws.sqs(), clock, DeletionJob.SLOTS);
  }

  /** Runs the order as one invocation with time to spare. */
  JobOutcome run(DeletionJob job, UUID deletion) {
    return job.run(deletion, Duration.ofMinutes(15), Deadline.NONE);
  }

  /** Stores the events through the processor; every one must be stored or kept as invalid. */
  void store(List<Event> events) {
    events.stream()
        .map(Event::application)
        .distinct()
        .forEach(app -> aws.putApplication(tables, app, "app " + app, true));
    BatchResult result =
        processor.process(
            events.stream()
                .map(
                    e ->
                        new QueueMessage(
                            "m-" + SEQUENCE.incrementAndGet(), EventCodec.toMessage(e)))
                .toList());
    assertEquals(List.of(), result.failedMessageIds(), result.logLine());
  }

  /**
   * Records a deletion as the query function does on a DELETE: its record, accepted, and the
   * subject's item, running and, for a person, suppressed.
   */
  UUID request(DeletionSubject subject, Instant requestedAt) {
    UUID id = UUID.randomUUID();
    aws.dynamoDb()
        .putItem(
            b ->
                b.tableName(tables.deletions())
                    .item(
                        DeletionItems.toItem(
                            DeletionRecord.accepted(id, subject, requestedAt, "test"))));
    Map<String, AttributeValue> standing = new HashMap<>(DeletionItems.subjectKey(subject));
    standing.put(DeletionItems.DELETION_ID, AttributeValue.fromS(id.toString()));
    standing.put(DeletionItems.RUNNING, AttributeValue.fromBool(true));
    standing.put(DeletionItems.SUBJECT_HASH, AttributeValue.fromS(subject.hash()));
    if (subject.suppresses()) {
      standing.put(DeletionItems.SUPPRESSED, AttributeValue.fromBool(true));
    }
    aws.dynamoDb().putItem(b -> b.tableName(tables.deletions()).item(standing));
    return id;
  }

  UUID request(DeletionSubject subject) {
    return request(subject, Instant.now());
  }

  DeletionRecord record(UUID deletion) {
    return DeletionItems.fromItem(deletionItem(deletion));
  }

  Map<String, AttributeValue> deletionItem(UUID deletion) {
    return aws.dynamoDb()
        .getItem(
            b ->
                b.tableName(tables.deletions())
                    .key(DeletionItems.deletionKey(deletion))
                    .consistentRead(true))
        .item();
  }

  Map<String, AttributeValue> subjectItem(DeletionSubject subject) {
    return aws.dynamoDb()
        .getItem(
            b ->
                b.tableName(tables.deletions())
                    .key(DeletionItems.subjectKey(subject))
                    .consistentRead(true))
        .item();
  }

  /** Every item of a table, in no order: the tests' tables are their own. */
  List<Map<String, AttributeValue>> scan(String table) {
    return aws
        .dynamoDb()
        .scanPaginator(b -> b.tableName(table).consistentRead(true))
        .items()
        .stream()
        .toList();
  }

  /** The stored events' ids, with the person they name. */
  List<Map<String, AttributeValue>> events() {
    return scan(tables.events()).stream()
        .filter(item -> !item.get(TableLayout.SESSION_ID).s().equals(TableLayout.CATEGORY_LIST))
        .toList();
  }

  /** The stored invalid events' messages, decoded. */
  List<Event> invalidEvents() {
    return scan(tables.invalidEvents()).stream()
        .map(item -> EventCodec.fromMessage(item.get(InvalidEventItems.EVENT).s()))
        .toList();
  }

  /** The Identities items' keys, as {@code <identity> <application>#<session>}. */
  List<String> identities() {
    return scan(tables.identities()).stream()
        .map(
            item ->
                item.get(TableLayout.IDENTITY).s()
                    + " "
                    + item.get(TableLayout.APPLICATION_SESSION).s())
        .toList();
  }

  /** The Sessions table's messageId claims' keys. */
  List<String> messageClaims() {
    return scan(tables.sessions()).stream()
        .map(item -> item.get(TableLayout.SESSION_ID).s())
        .filter(key -> key.startsWith("message#"))
        .toList();
  }

  /** The Sessions table's ownership items' sessions. */
  List<String> sessionOwners() {
    return scan(tables.sessions()).stream()
        .map(item -> item.get(TableLayout.SESSION_ID).s())
        .filter(key -> !key.startsWith("message#"))
        .toList();
  }

  static String userOf(Map<String, AttributeValue> event) {
    AttributeValue user = event.get(EventItems.USER_ID);
    return user == null ? null : user.s();
  }

  static String anonymousOf(Map<String, AttributeValue> event) {
    AttributeValue anonymous = event.get(EventItems.ANONYMOUS_ID);
    return anonymous == null ? null : anonymous.s();
  }

  /**
   * A pageview of the person in the session, with a Segment messageId (so a claim is stored), valid
   * or (without its required {@code path}) invalid.
   */
  static Event pageview(
      UUID application, UUID session, String userId, String anonymousId, boolean valid) {
    long n = SEQUENCE.incrementAndGet();
    ObjectNode data = ExactJson.MAPPER.createObjectNode().put("host", "shop.example");
    if (valid) {
      data.put("path", "/" + n);
    }
    return Event.identified(
        application,
        session,
        "page interaction",
        "pageview",
        data,
        RECEIVED_AT.minusSeconds(100_000 - n),
        RECEIVED_AT,
        new Identity(Optional.ofNullable(anonymousId), Optional.ofNullable(userId)),
        ClientClock.NONE,
        new SegmentMessage(Optional.of("msg-" + n), Optional.empty()));
  }

  @Override
  public void close() {
    processor.close();
  }
}

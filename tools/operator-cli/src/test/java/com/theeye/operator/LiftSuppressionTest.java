package com.theeye.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.theeye.event.ClientClock;
import com.theeye.event.Event;
import com.theeye.event.EventCodec;
import com.theeye.event.EventTimestamps;
import com.theeye.event.ExactJson;
import com.theeye.event.Identity;
import com.theeye.event.SegmentMessage;
import com.theeye.processor.BatchProcessor;
import com.theeye.processor.BatchResult;
import com.theeye.processor.MessageResult.EventOutcome;
import com.theeye.processor.ProcessorConfig;
import com.theeye.processor.QueueMessage;
import com.theeye.processor.SchemaRegistry;
import com.theeye.store.DeletionItems;
import com.theeye.store.DeletionSubject;
import com.theeye.store.TableNames;
import com.theeye.testsupport.AwsEmulators;
import com.theeye.testsupport.AwsTestEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code applications lift-suppression APPLICATION --user ID | --anonymous ID} against dynalite, on
 * the running {@code make run} as the other subcommands find it: the person's subject item says
 * {@code suppressed = false} and {@code lifted_at}, and the processor stores their events again.
 */
@ExtendWith(AwsEmulators.class)
class LiftSuppressionTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private AwsTestEnvironment aws;
  private TableNames tables;
  private UUID shop;
  private Map<String, String> env;

  @BeforeEach
  void startMakeRun(AwsTestEnvironment aws, @TempDir Path data) throws IOException {
    this.aws = aws;
    tables = aws.createTables();
    shop = aws.registerApplication(tables, "shop", true);
    // As the local runner writes it before it names its Deletions table: found beside the others.
    Files.writeString(
        data.resolve(LocalRun.FILE),
        """
        {"api": "http://127.0.0.1:8000", "sqs_endpoint": "%s", "dynamodb_endpoint": "%s",
         "events_queue_url": "%s/000000000000/none", "applications_table": "%s",
         "invalid_events_table": "%s", "index_shards": 8}"""
            .formatted(
                aws.sqsEndpoint(),
                aws.dynamoDbEndpoint(),
                aws.sqsEndpoint(),
                tables.applications(),
                tables.invalidEvents()));
    env = Map.of("EYE_DATA_DIR", data.toString());
  }

  @Test
  void liftsAUsersSuppressionAndTheProcessorStoresTheirEventsAgain() {
    DeletionSubject user = DeletionSubject.user(shop, "user-42");
    String deletion = suppress(user, false);

    int code = lift("--user", "user-42");

    assertEquals(ApplicationsCli.OK, code, err());
    assertTrue(
        out().startsWith("lifted: user user-42 of application " + shop + " (deletion " + deletion),
        out());
    assertTrue(out().contains("takes effect within 60 s"), out());
    Map<String, AttributeValue> item = subjectItem(user);
    assertEquals(false, item.get(DeletionItems.SUPPRESSED).bool());
    assertTrue(
        EventTimestamps.parse(item.get(DeletionItems.LIFTED_AT).s()).isPresent(), item::toString);
    assertEquals(deletion, item.get(DeletionItems.DELETION_ID).s(), "the audit keeps the deletion");
    try (BatchProcessor processor = processor()) {
      BatchResult result = processor.process(List.of(message(user)));

      assertEquals(1, result.count(EventOutcome.STORED), result.logLine());
    }
  }

  @Test
  void liftsAnAnonymousIdAndASecondLiftFindsNothingToLift() {
    DeletionSubject device = DeletionSubject.anonymous(shop, "device-7");
    suppress(device, false);

    assertEquals(ApplicationsCli.OK, lift("--anonymous", "device-7"), err());
    assertTrue(out().startsWith("lifted: anonymous device-7 of application " + shop), out());
    out.reset();

    assertEquals(ApplicationsCli.OK, lift("--anonymous", "device-7"), err());
    assertTrue(out().startsWith("not suppressed: anonymous device-7"), out());
    assertTrue(out().contains("lifted at "), out());
    assertTrue(out().strip().endsWith("nothing to lift"), out());
  }

  @Test
  void aPersonNoDeletionNamedSaysSoAndFails() {
    DeletionSubject user = DeletionSubject.user(shop, "user-42");
    suppress(user, false);

    int code = lift("--anonymous", "user-42");

    assertEquals(ApplicationsCli.FAILED, code);
    assertTrue(
        err().contains("no deletion of anonymous user-42 of application " + shop + " is recorded"),
        err());
    assertTrue(subjectItem(user).get(DeletionItems.SUPPRESSED).bool(), "the user stays suppressed");
    assertEquals(
        Map.of(),
        subjectItemOrEmpty(DeletionSubject.anonymous(shop, "user-42")),
        "no item is made up for an unknown person");
  }

  @Test
  void aDeletionStillRunningIsNotLifted() {
    DeletionSubject user = DeletionSubject.user(shop, "user-42");
    String deletion = suppress(user, true);

    int code = lift("--user", "user-42");

    assertEquals(ApplicationsCli.FAILED, code);
    assertTrue(err().contains("deletion " + deletion + " of user user-42"), err());
    assertTrue(err().contains("is still running"), err());
    assertTrue(subjectItem(user).get(DeletionItems.SUPPRESSED).bool());
  }

  @Test
  void anIncompleteOrMalformedLiftIsAUsageError() {
    for (List<String> args :
        List.<List<String>>of(
            List.of("lift-suppression", shop.toString()),
            List.of("lift-suppression", shop.toString(), "--user"),
            List.of("lift-suppression", shop.toString(), "--session", "s"),
            List.of("lift-suppression", shop.toString(), "--user", "a", "--anonymous", "b"))) {
      err.reset();
      assertEquals(
          ApplicationsCli.USAGE,
          ApplicationsCli.run(args, env, print(out), print(err)),
          args::toString);
      assertTrue(err().contains("lift-suppression ID --user USER_ID"), err());
    }
    err.reset();
    assertEquals(
        ApplicationsCli.USAGE,
        ApplicationsCli.run(
            List.of("lift-suppression", "shop", "--user", "a"), env, print(out), print(err)));
    assertTrue(err().contains("'shop' is not an application id"), err());
  }

  @Test
  void aStacksDeletionsTableIsItsDeletionsTableNameOutput() {
    URI nowhere = URI.create("http://127.0.0.1:1");
    DeployedStack stack =
        new DeployedStack(
            "the-eye",
            Map.of(
                "ApplicationsTableName",
                "the-eye-ApplicationsTable-1",
                "DeletionsTableName",
                "the-eye-DeletionsTable-1"),
            Map.of());
    DeployedStack before =
        new DeployedStack(
            "old-eye", Map.of("ApplicationsTableName", "old-eye-ApplicationsTable-1"), Map.of());

    assertEquals(
        Optional.of("the-eye-DeletionsTable-1"),
        ApplicationsTarget.of(stack, LocalRun.clients(nowhere)).deletionsTable());
    assertEquals(
        Optional.empty(),
        ApplicationsTarget.of(before, LocalRun.clients(nowhere)).deletionsTable());
  }

  @Test
  void aTableNamedByTheEnvironmentHasItsDeletionsTableNamedToo() {
    Map<String, String> named = new HashMap<>();
    named.put("APPLICATIONS_TABLE", tables.applications());
    named.put("AWS_REGION", "us-east-1");
    List<String> args = List.of("lift-suppression", shop.toString(), "--user", "user-42");

    assertEquals(ApplicationsCli.FAILED, ApplicationsCli.run(args, named, print(out), print(err)));
    assertTrue(err().contains("has no Deletions table beside it"), err());

    named.put("DELETIONS_TABLE", "the-eye-DeletionsTable-1");
    assertEquals(
        Optional.of("the-eye-DeletionsTable-1"), OperatorConfig.fromEnv(named).deletionsTable());
  }

  @Test
  void theCacheTimeItPrintsIsTheProcessorsDefault() {
    assertEquals(
        Duration.ofSeconds(ProcessorConfig.DEFAULT_SUPPRESSION_CACHE_SECONDS),
        Suppressions.PROCESSOR_CACHE);
  }

  private int lift(String option, String id) {
    return ApplicationsCli.run(
        List.of("lift-suppression", shop.toString(), option, id), env, print(out), print(err));
  }

  /** What a deletion's request leaves on the person's subject item; returns the deletion's id. */
  private String suppress(DeletionSubject person, boolean running) {
    String deletion = UUID.randomUUID().toString();
    Map<String, AttributeValue> item = new HashMap<>(DeletionItems.subjectKey(person));
    item.put(DeletionItems.DELETION_ID, AttributeValue.fromS(deletion));
    item.put(DeletionItems.RUNNING, AttributeValue.fromBool(running));
    item.put(DeletionItems.KIND, AttributeValue.fromS(person.kind().wireName()));
    item.put(DeletionItems.APPLICATION, AttributeValue.fromS(shop.toString()));
    item.put(DeletionItems.SUBJECT_HASH, AttributeValue.fromS(person.hash()));
    item.put(DeletionItems.SUPPRESSED, AttributeValue.fromBool(true));
    item.put(
        DeletionItems.SUPPRESSED_SINCE,
        AttributeValue.fromS(EventTimestamps.format(Instant.now())));
    aws.dynamoDb().putItem(b -> b.tableName(tables.deletions()).item(item));
    return deletion;
  }

  private Map<String, AttributeValue> subjectItem(DeletionSubject person) {
    Map<String, AttributeValue> item = subjectItemOrEmpty(person);
    assertFalse(item.isEmpty(), "no subject item");
    return item;
  }

  private Map<String, AttributeValue> subjectItemOrEmpty(DeletionSubject person) {
    Map<String, AttributeValue> item =
        aws.dynamoDb()
            .getItem(
                b ->
                    b.tableName(tables.deletions())
                        .key(DeletionItems.subjectKey(person))
                        .consistentRead(true))
            .item();
    return item == null ? Map.of() : item;
  }

  /** A processor as the function wires it, that reads the person's standing for every event. */
  private BatchProcessor processor() {
    Map<String, String> config = new HashMap<>();
    config.put("AWS_REGION", "us-east-1");
    config.put("EVENTS_TABLE", tables.events());
    config.put("SESSIONS_TABLE", tables.sessions());
    config.put("INVALID_EVENTS_TABLE", tables.invalidEvents());
    config.put("APPLICATIONS_TABLE", tables.applications());
    config.put("IDENTITIES_TABLE", tables.identities());
    config.put("DELETIONS_TABLE", tables.deletions());
    config.put("EVENTS_QUEUE_URL", aws.createQueue("events"));
    config.put("SUPPRESSION_CACHE_SECONDS", "0");
    return BatchProcessor.create(
        ProcessorConfig.fromEnv(config),
        aws.dynamoDb(),
        aws.sqs(),
        SchemaRegistry.fromClasspath(LiftSuppressionTest.class.getClassLoader()));
  }

  private static QueueMessage message(DeletionSubject person) {
    Instant now = EventTimestamps.normalize(Instant.now());
    Identity identity =
        person.kind() == DeletionSubject.Kind.USER
            ? new Identity(Optional.empty(), Optional.of(person.id()))
            : new Identity(Optional.of(person.id()), Optional.empty());
    Event event =
        Event.identified(
            person.application().orElseThrow(),
            UUID.randomUUID(),
            "page interaction",
            "pageview",
            ExactJson.MAPPER.createObjectNode().put("host", "shop.example").put("path", "/"),
            now,
            now,
            identity,
            ClientClock.NONE,
            SegmentMessage.NONE);
    return new QueueMessage("m-" + UUID.randomUUID(), EventCodec.toMessage(event));
  }

  private static PrintStream print(ByteArrayOutputStream sink) {
    return new PrintStream(sink, true, StandardCharsets.UTF_8);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }
}

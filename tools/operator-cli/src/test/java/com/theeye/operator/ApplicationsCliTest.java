package com.theeye.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.theeye.store.ApplicationItems;
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
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@ExtendWith(AwsEmulators.class)
class ApplicationsCliTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void addPrintsTheNewIdAndListShowsIt(AwsTestEnvironment aws) {
    Supplier<TrustedApplicationRegistry> registry = registryIn(aws);

    assertEquals(ApplicationsCli.OK, run(List.of("add", "--name", "shop"), registry));
    UUID id = UUID.fromString(out().strip());
    out.reset();

    assertEquals(ApplicationsCli.OK, run(List.of("list"), registry));
    assertTrue(out().startsWith(id + "\tenabled\t"), out());
    assertTrue(out().strip().endsWith("\tshop\tunknown types: default"), out());
  }

  @Test
  void disableAndEnablePrintTheNewState(AwsTestEnvironment aws) {
    Supplier<TrustedApplicationRegistry> registry = registryIn(aws);
    run(List.of("add", "--name", "shop"), registry);
    String id = out().strip();
    out.reset();

    assertEquals(ApplicationsCli.OK, run(List.of("disable", id), registry));
    assertTrue(out().contains(id + "\tdisabled"), out());
    out.reset();
    assertEquals(ApplicationsCli.OK, run(List.of("enable", id), registry));
    assertTrue(out().contains(id + "\tenabled"), out());
  }

  @Test
  void addWithOriginsAndSetOriginsStoreTheOriginsTheIngestReads(AwsTestEnvironment aws) {
    TableNames tables = aws.createTables();
    Supplier<TrustedApplicationRegistry> registry =
        () ->
            new TrustedApplicationRegistry(
                aws.dynamoDb(), tables.applications(), Clock.systemUTC());

    assertEquals(
        ApplicationsCli.OK,
        run(
            List.of(
                "add",
                "--name",
                "shop",
                "--origin",
                "https://Shop.example/",
                "--origin",
                "http://localhost:3000"),
            registry));
    String id = out().strip();
    assertEquals(
        List.of("http://localhost:3000", "https://shop.example"),
        ApplicationItems.allowedOrigins(item(aws, tables, id)));
    out.reset();

    assertEquals(ApplicationsCli.OK, run(List.of("list"), registry));
    assertTrue(out().contains("\thttp://localhost:3000 https://shop.example\tshop"), out());
    out.reset();

    assertEquals(
        ApplicationsCli.OK, run(List.of("set-origins", id, "https://www.shop.example"), registry));
    assertTrue(out().contains("\thttps://www.shop.example\tshop"), out());
    assertEquals(
        List.of("https://www.shop.example"),
        ApplicationItems.allowedOrigins(item(aws, tables, id)));
    out.reset();

    assertEquals(ApplicationsCli.OK, run(List.of("set-origins", id), registry));
    assertTrue(out().contains("\tany origin\tshop"), out());
    assertFalse(item(aws, tables, id).containsKey(ApplicationItems.ALLOWED_ORIGINS));
  }

  @Test
  void theUnknownTypePolicyIsSetAtAddAndChangedAndReadByTheProcessorsTrust(AwsTestEnvironment aws) {
    TableNames tables = aws.createTables();
    Supplier<TrustedApplicationRegistry> registry =
        () ->
            new TrustedApplicationRegistry(
                aws.dynamoDb(), tables.applications(), Clock.systemUTC());

    assertEquals(
        ApplicationsCli.OK,
        run(List.of("add", "--name", "shop", "--unknown-types", "reject"), registry));
    String id = out().strip();
    assertEquals(
        java.util.Optional.of(com.theeye.store.UnknownEventTypes.REJECT),
        ApplicationItems.unknownTypes(item(aws, tables, id)));
    out.reset();

    assertEquals(ApplicationsCli.OK, run(List.of("set-unknown-types", id, "accept"), registry));
    assertTrue(out().contains("	shop	unknown types: accept"), out());
    out.reset();
    assertEquals(ApplicationsCli.OK, run(List.of("set-unknown-types", id, "default"), registry));
    assertTrue(out().contains("unknown types: default"), out());
    assertFalse(item(aws, tables, id).containsKey(ApplicationItems.UNKNOWN_TYPES));
    assertEquals(
        ApplicationsCli.USAGE, run(List.of("set-unknown-types", id, "sometimes"), registry));
  }

  @Test
  void anOriginThatIsNoneIsAUsageErrorNamingIt() {
    assertEquals(
        ApplicationsCli.USAGE,
        run(List.of("add", "--name", "shop", "--origin", "shop.example"), () -> null));
    assertTrue(err().contains("'shop.example' is not an origin"), err());
    err.reset();
    assertEquals(
        ApplicationsCli.USAGE,
        run(
            List.of("set-origins", UUID.randomUUID().toString(), "https://shop.example/cart"),
            () -> null));
    assertTrue(err().contains("'https://shop.example/cart' is not an origin"), err());
  }

  @Test
  void setOriginsOfAnUnknownIdFails(AwsTestEnvironment aws) {
    UUID unknown = UUID.randomUUID();

    assertEquals(
        ApplicationsCli.FAILED,
        run(List.of("set-origins", unknown.toString(), "https://shop.example"), registryIn(aws)));
    assertTrue(err().contains("no application with id " + unknown), err());
  }

  private static Map<String, AttributeValue> item(
      AwsTestEnvironment aws, TableNames tables, String id) {
    return aws.dynamoDb()
        .getItem(
            b ->
                b.tableName(tables.applications())
                    .key(ApplicationItems.key(UUID.fromString(id)))
                    .consistentRead(true))
        .item();
  }

  @Test
  void unknownIdFailsWithAClearMessage(AwsTestEnvironment aws) {
    UUID unknown = UUID.randomUUID();

    assertEquals(
        ApplicationsCli.FAILED, run(List.of("disable", unknown.toString()), registryIn(aws)));

    assertTrue(err().contains("no application with id " + unknown), err());
  }

  @Test
  void missingTableFailsWithTheSdksMessage(AwsTestEnvironment aws) {
    Supplier<TrustedApplicationRegistry> registry =
        () -> new TrustedApplicationRegistry(aws.dynamoDb(), "no-such-table", Clock.systemUTC());

    assertEquals(ApplicationsCli.FAILED, run(List.of("list"), registry));

    assertTrue(err().startsWith("applications: the DynamoDB call failed: "), err());
  }

  @Test
  void malformedIdIsAUsageError() {
    assertEquals(ApplicationsCli.USAGE, run(List.of("enable", "shop"), () -> null));
    assertTrue(err().contains("'shop' is not an application id"), err());
  }

  @Test
  void unknownOrIncompleteCommandsPrintUsage() {
    for (List<String> args :
        List.<List<String>>of(
            List.of(),
            List.of("remove", "x"),
            List.of("add"),
            List.of("add", "--name"),
            List.of("add", "--origin", "https://shop.example"),
            List.of("add", "--name", "shop", "--origin"),
            List.of("set-origins"),
            List.of("list", "all"))) {
      err.reset();
      assertEquals(ApplicationsCli.USAGE, run(args, () -> null), args.toString());
      assertTrue(err().contains("usage: applications [--stack NAME] COMMAND"), err());
    }
  }

  @Test
  void withNoSettingsItManagesTheRunningMakeRunsApplications(
      AwsTestEnvironment aws, @TempDir Path data) throws Exception {
    TableNames tables = aws.createTables();
    writeEndpointsFile(data, aws, tables);
    Map<String, String> env = Map.of("EYE_DATA_DIR", data.toString());

    assertEquals(
        ApplicationsCli.OK,
        ApplicationsCli.run(List.of("add", "--name", "shop"), env, print(out), print(err)));

    UUID id = UUID.fromString(out().strip()); // the id alone, as a script reads it
    assertTrue(item(aws, tables, id.toString()).containsKey(ApplicationItems.ENABLED));
    assertTrue(
        err().contains("table " + tables.applications() + " of the running make run"), err());
  }

  @Test
  void disableSaysWhenItTakesEffect(AwsTestEnvironment aws, @TempDir Path data) throws Exception {
    TableNames tables = aws.createTables();
    writeEndpointsFile(data, aws, tables);
    UUID id = aws.registerApplication(tables, "shop", true);
    Map<String, String> env = Map.of("EYE_DATA_DIR", data.toString());

    assertEquals(
        ApplicationsCli.OK,
        ApplicationsCli.run(List.of("disable", id.toString()), env, print(out), print(err)));

    assertTrue(out().contains(id + "\tdisabled"), out());
    assertTrue(
        out()
            .contains(
                "disabled: takes effect within 60 s: until then a warm ingest function may still"
                    + " accept its events (TRUSTED_CACHE_SECONDS: 60 s, make run's default) and"
                    + " the processor store them (its trust cache: 60 s)"),
        out());
    out.reset();

    assertEquals(
        ApplicationsCli.OK,
        ApplicationsCli.run(List.of("enable", id.toString()), env, print(out), print(err)));
    assertTrue(out().contains("enabled: takes effect within 10 s"), out());
  }

  @Test
  void withNoSettingsAndNoRunningMakeRunItSaysWhatToDo(@TempDir Path data) {
    int code =
        ApplicationsCli.run(
            List.of("list"), Map.of("EYE_DATA_DIR", data.toString()), print(out), print(err));

    assertEquals(ApplicationsCli.FAILED, code);
    assertTrue(err().contains("no running `make run` found"), err());
    assertTrue(err().contains("pass --stack NAME"), err());
  }

  @Test
  void aStackIsNamedAnywhereAndTheCommandIsWhatRemains() {
    List<String> args = List.of("disable", "--stack", "the-eye", UUID.randomUUID().toString());

    assertEquals(Optional.of("the-eye"), ApplicationsCli.stackOption(args));
    assertEquals(Optional.empty(), ApplicationsCli.stackOption(List.of("list")));
    assertEquals(
        ApplicationsCli.USAGE,
        ApplicationsCli.run(List.of("list", "--stack"), Map.of(), print(out), print(err)));
    assertTrue(err().contains("--stack needs the stack's name"), err());
  }

  @Test
  void aStackNeedsARegionAndSaysSo() {
    int code =
        ApplicationsCli.run(
            List.of("--stack", "the-eye", "list"), Map.of(), print(out), print(err));

    assertEquals(ApplicationsCli.USAGE, code);
    assertTrue(err().contains("AWS_REGION is not set"), err());
  }

  @Test
  void aStacksTableAndCacheTimesComeFromItsOutputsAndParameters() {
    DeployedStack stack =
        new DeployedStack(
            "the-eye",
            Map.of("ApplicationsTableName", "the-eye-ApplicationsTable-1"),
            Map.of("TrustedCacheSeconds", "300", "UntrustedCacheSeconds", "10"));

    ApplicationsTarget target =
        ApplicationsTarget.of(stack, LocalRun.clients(URI.create("http://127.0.0.1:1")));

    assertEquals("the-eye-ApplicationsTable-1", target.table());
    assertTrue(target.caches().whenDisabled().startsWith("takes effect within 300 s"));
    assertTrue(target.where().contains("of stack the-eye"), target.where());
  }

  @Test
  void aTableNamedByTheEnvironmentIsUsedAsBefore() {
    int code =
        ApplicationsCli.run(
            List.of("list"), Map.of("APPLICATIONS_TABLE", "apps"), print(out), print(err));

    assertEquals(ApplicationsCli.USAGE, code);
    assertTrue(err().contains("AWS_REGION is not set"), err());
  }

  private static void writeEndpointsFile(Path data, AwsTestEnvironment aws, TableNames tables)
      throws IOException {
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
  }

  private int run(List<String> args, Supplier<TrustedApplicationRegistry> registry) {
    return ApplicationsCli.run(args, registry, TrustCaches.localRun(), print(out), print(err));
  }

  private static Supplier<TrustedApplicationRegistry> registryIn(AwsTestEnvironment aws) {
    TableNames tables = aws.createTables();
    return () ->
        new TrustedApplicationRegistry(aws.dynamoDb(), tables.applications(), Clock.systemUTC());
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

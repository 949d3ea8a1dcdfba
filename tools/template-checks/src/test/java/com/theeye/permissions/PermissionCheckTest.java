package com.theeye.permissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.theeye.calls.RecordedCall;
import com.theeye.deployment.SamTemplate;
import com.theeye.deployment.SamTranslation;
import com.theeye.store.TableNames;
import com.theeye.testsupport.Fixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The check against template.yaml as the SAM transform deploys it, with recordings of the shape the
 * recorder writes: a few calls of each function, as the real recording (make check-permissions)
 * holds many.
 */
class PermissionCheckTest {

  private static final TableNames TABLES = TableNames.withPrefix("t3-5f2c1a9e");
  private static final String QUEUE_URL = "http://127.0.0.1:9324/000000000000/t3-5f2c1a9e-events";
  private static final String DELETIONS_QUEUE_URL =
      "http://127.0.0.1:9324/000000000000/t3-5f2c1a9e-deletions";

  private static JsonNode translated;
  private static SamTemplate source;
  private static final ShippedCode SHIPPED = ShippedCode.read(Fixtures.repoRoot());

  @BeforeAll
  static void translate() {
    Optional<String> unavailable = SamTranslation.unavailable();
    Assumptions.assumeTrue(
        unavailable.isEmpty(), () -> "SAM translator not available: " + unavailable.get());
    translated = SamTranslation.translate(Fixtures.repoRoot(), Map.of());
    source = SamTemplate.load(Fixtures.repoRoot().resolve("template.yaml"));
  }

  @Test
  void passesWhenTheRoleGrantsEveryCallOfEveryFunction() {
    Findings findings = check(translated, everyFunctionsCalls());

    assertEquals(List.of(), findings.denials());
    assertEquals(List.of(), findings.problems());
    assertTrue(findings.passed());
  }

  @Test
  void failsNamingTheFunctionTheActionAndTheResourceOfACallItsRoleDoesNotGrant() {
    JsonNode withoutUpdateItem =
        RemovalProof.without(translated, source, "processor", "dynamodb:UpdateItem");

    Findings findings = check(withoutUpdateItem, everyFunctionsCalls());

    assertFalse(findings.passed());
    assertEquals(1, findings.denials().size());
    assertEquals(
        "processor: dynamodb:UpdateItem on InvalidEventsTable ("
            + TABLES.invalidEvents()
            + ") is not granted by ProcessorFunctionRole [called from"
            + " com.theeye.processor.EventStore.markReplayedAsStored]",
        findings.denials().getFirst().describe());
  }

  @Test
  void anExplicitDenyInTheTemplateFailsTheCallItDenies() {
    JsonNode denying = translated.deepCopy();
    ArrayNode statements =
        (ArrayNode)
            denying.at(
                "/Resources/ProcessorFunctionRole/Properties/Policies/0/PolicyDocument/Statement");
    ObjectNode deny = statements.addObject();
    deny.put("Sid", "NoReplays")
        .put("Effect", "Deny")
        .put("Action", "dynamodb:Update*")
        .put("Resource", "*");

    Findings findings = check(denying, everyFunctionsCalls());

    assertTrue(
        findings
            .denials()
            .getFirst()
            .describe()
            .contains("is denied by ProcessorFunctionRole, Sid NoReplays"),
        findings.denials().getFirst().describe());
  }

  @Test
  void anEmptyRecordingProvesNothingAndFails() {
    Findings findings = check(translated, List.of());

    assertFalse(findings.passed());
    assertTrue(findings.problems().getFirst().contains("is empty"), findings.problems().toString());
  }

  @Test
  void aFunctionNoCallWasRecordedForFails() {
    List<RecordedCall> noQuery =
        everyFunctionsCalls().stream()
            .filter(c -> c.callers().stream().noneMatch(f -> f.startsWith("com.theeye.query.")))
            .toList();

    Findings findings = check(translated, noQuery);

    assertEquals(
        List.of("query: no call of its code was recorded, so nothing says what its role needs"),
        findings.problems());
  }

  @Test
  void callsOfTestsTheRunnerAndTheOperatorCliAreNoFunctionsAndNotChecked() {
    List<RecordedCall> calls = new ArrayList<>(everyFunctionsCalls());
    calls.add(
        call(
            "Sqs",
            "SendMessageBatch",
            Map.of("QueueUrl", QUEUE_URL),
            "com.theeye.operator.Replayer.send"));
    calls.add(
        call(
            "Sqs",
            "DeleteMessageBatch",
            Map.of("QueueUrl", QUEUE_URL),
            "com.theeye.local.SqsEventSource.poll"));
    calls.add(
        new RecordedCall(
            "DynamoDb",
            "Scan",
            List.of(Map.of("TableName", TABLES.events())),
            List.of(),
            "T.test"));

    Findings findings = check(translated, calls);

    assertTrue(findings.passed(), findings.denials().toString());
    assertEquals(
        Map.of("com.theeye.operator", 1, "com.theeye.local", 1, "test code", 1),
        findings.notAFunctions());
  }

  /**
   * The local runner's arrival feed stands in for the tables' streams under a function's code: its
   * Scan runs below the query function's frames, but the query function's jar does not carry it, so
   * on AWS nothing would make the call.
   */
  @Test
  void aCallMadeBelowAFunctionByCodeItsJarDoesNotCarryIsNotTheFunctions() {
    List<RecordedCall> calls = new ArrayList<>(everyFunctionsCalls());
    calls.add(
        call(
            "DynamoDb",
            "Scan",
            Map.of("TableName", TABLES.events()),
            "com.theeye.local.StoredSince.scan",
            "com.theeye.local.LocalArrivals.read",
            "com.theeye.query.RecentService.read"));

    Findings findings = check(translated, calls);

    assertTrue(findings.passed(), findings.denials().toString());
    assertEquals(Map.of("com.theeye.local", 1), findings.notAFunctions());
  }

  @Test
  void grantsNoCallUsedAreListedAndTheEventSourcesAreThePlatformsNotUnused() {
    List<RecordedCall> noSecret =
        everyFunctionsCalls().stream().filter(c -> !c.service().equals("SecretsManager")).toList();

    Findings findings = check(translated, noSecret);

    List<String> unused =
        findings.grants().stream()
            .filter(g -> !g.used() && !g.statement().fromThePlatform())
            .map(g -> g.function() + " " + g.action() + " " + g.resource())
            .toList();
    assertEquals(
        List.of(
            "ingest secretsmanager:GetSecretValue CursorSigningSecret",
            "query secretsmanager:GetSecretValue CursorSigningSecret"),
        unused);
    Findings.Grant receive =
        findings.grants().stream()
            .filter(
                g -> g.function().equals("processor") && g.action().equals("sqs:ReceiveMessage"))
            .findFirst()
            .orElseThrow();
    assertTrue(
        receive.statement().grantedFor().contains("event source mapping"),
        receive.statement().grantedFor());
  }

  @Test
  void aManagedPolicyWithNoStoredDocumentFailsByName() {
    JsonNode withManaged = translated.deepCopy();
    ((ArrayNode) withManaged.at("/Resources/IngestFunctionRole/Properties/ManagedPolicyArns"))
        .add("arn:aws:iam::aws:policy/AmazonDynamoDBReadOnlyAccess");

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> check(withManaged, everyFunctionsCalls()));

    assertTrue(e.getMessage().contains("AmazonDynamoDBReadOnlyAccess"), e.getMessage());
  }

  @Test
  void removingAnyActionTheCodeCallsFailsTheCheckNamingIt() {
    Recording recording = new Recording(Path.of("test"), 1, everyFunctionsCalls());
    Findings findings = PermissionCheck.check(translated, source, recording, SHIPPED);

    List<String> proof = RemovalProof.run(translated, source, recording, findings, SHIPPED);

    assertTrue(proof.stream().noneMatch(line -> line.startsWith("FAIL")), proof.toString());
    long pairs =
        findings.grants().stream()
            .filter(g -> g.used() && !g.statement().fromThePlatform())
            .map(g -> g.function() + " " + g.action())
            .distinct()
            .count();
    assertTrue(pairs >= 15, "every function's actions are proven: " + pairs);
    assertTrue(proof.getFirst().contains(": " + pairs + " of " + pairs + " ("), proof.getFirst());
  }

  @Test
  void theRemovalProofSaysSoWhenAWildcardStillGrantsTheRemovedAction() {
    JsonNode wildcard = translated.deepCopy();
    ((ArrayNode)
            wildcard.at(
                "/Resources/ProcessorFunctionRole/Properties/Policies/0/PolicyDocument/Statement"))
        .addObject()
        .put("Effect", "Allow")
        .put("Action", "dynamodb:*")
        .put("Resource", "*");
    Recording recording = new Recording(Path.of("test"), 1, everyFunctionsCalls());

    List<String> proof =
        RemovalProof.run(
            wildcard,
            source,
            recording,
            PermissionCheck.check(wildcard, source, recording, SHIPPED),
            SHIPPED);

    assertTrue(
        proof.stream()
            .anyMatch(
                l ->
                    l.startsWith(
                        "FAIL removal proof: with dynamodb:UpdateItem removed from processor's role")),
        proof.toString());
  }

  private static Findings check(JsonNode template, List<RecordedCall> calls) {
    return PermissionCheck.check(
        template, source, new Recording(Path.of("test"), 1, calls), SHIPPED);
  }

  /** One call of each kind each function makes, with the callers the recorder would see. */
  private static List<RecordedCall> everyFunctionsCalls() {
    return List.of(
        call(
            "DynamoDb",
            "GetItem",
            Map.of("TableName", TABLES.applications()),
            "com.theeye.store.TrustedApplications.lookUp",
            "com.theeye.ingest.IngestService.handle"),
        call(
            "Sqs",
            "SendMessageBatch",
            Map.of("QueueUrl", QUEUE_URL),
            "com.theeye.ingest.EventQueue.send"),
        call(
            "DynamoDb",
            "GetItem",
            Map.of("TableName", TABLES.applications()),
            "com.theeye.processor.BatchProcessor.process"),
        call(
            "DynamoDb",
            "GetItem",
            Map.of("TableName", TABLES.sessions()),
            "com.theeye.processor.SessionOwners.owner"),
        call(
            "DynamoDb",
            "PutItem",
            Map.of("TableName", TABLES.sessions()),
            "com.theeye.processor.SessionOwners.claim"),
        call(
            "DynamoDb",
            "PutItem",
            Map.of("TableName", TABLES.events()),
            "com.theeye.processor.EventStore.putIfAbsent"),
        call(
            "DynamoDb",
            "PutItem",
            Map.of("TableName", TABLES.invalidEvents()),
            "com.theeye.processor.EventStore.putIfAbsent"),
        call(
            "DynamoDb",
            "UpdateItem",
            Map.of("TableName", TABLES.invalidEvents()),
            "com.theeye.processor.EventStore.markReplayedAsStored"),
        call(
            "Sqs",
            "SendMessageBatch",
            Map.of("QueueUrl", QUEUE_URL),
            "com.theeye.processor.ThrottledHandBack.send"),
        call(
            "DynamoDb",
            "GetItem",
            Map.of("TableName", TABLES.events()),
            "com.theeye.processor.EventStore.consistentRead"),
        call(
            "DynamoDb",
            "GetItem",
            Map.of("TableName", TABLES.invalidEvents()),
            "com.theeye.processor.EventStore.consistentRead"),
        call("CloudWatch", "GetMetricData", Map.of(), "com.theeye.query.CloudWatchAccounting.read"),
        call(
            "CloudWatch", "ListMetrics", Map.of(), "com.theeye.query.CloudWatchAccounting.reasons"),
        call(
            "DynamoDb",
            "Query",
            Map.of("TableName", TABLES.events()),
            "com.theeye.query.StoredCategories.all"),
        call(
            "DynamoDb",
            "Query",
            Map.of("TableName", TABLES.events(), "IndexName", "by-category"),
            "com.theeye.query.IndexReader.read"),
        call(
            "DynamoDb",
            "Query",
            Map.of("TableName", TABLES.invalidEvents(), "IndexName", "by-application"),
            "com.theeye.query.IndexReader.read"),
        call(
            "DynamoDb",
            "PutItem",
            Map.of("TableName", TABLES.identities()),
            "com.theeye.processor.IdentityLog.record"),
        call(
            "DynamoDb",
            "Query",
            Map.of("TableName", TABLES.identities()),
            "com.theeye.query.PersonReader.read"),
        call(
            "DynamoDb",
            "GetItem",
            Map.of("TableName", TABLES.applications()),
            "com.theeye.query.KnownApplications.find"),
        call(
            "DynamoDbStreams",
            "DescribeStream",
            Map.of("StreamArn", streamArn(TABLES.events())),
            "com.theeye.query.StreamArrivals.describe"),
        call(
            "DynamoDbStreams",
            "DescribeStream",
            Map.of("StreamArn", streamArn(TABLES.invalidEvents())),
            "com.theeye.query.StreamArrivals.describe"),
        call(
            "DynamoDbStreams",
            "GetShardIterator",
            Map.of("StreamArn", streamArn(TABLES.events())),
            "com.theeye.query.StreamArrivals.iterator"),
        call(
            "DynamoDbStreams",
            "GetShardIterator",
            Map.of("StreamArn", streamArn(TABLES.invalidEvents())),
            "com.theeye.query.StreamArrivals.iterator"),
        // GetRecords names only its shard iterator, no stream.
        new RecordedCall(
            "DynamoDbStreams",
            "GetRecords",
            List.of(),
            List.of("com.theeye.query.StreamArrivals.getRecords"),
            ""),
        call(
            "SecretsManager",
            "GetSecretValue",
            Map.of(
                "SecretId",
                "arn:aws:secretsmanager:eu-west-1:123456789012:secret:CursorSigningSecret-AbCdEf"),
            "com.theeye.signing.CursorKeys.versions",
            "com.theeye.query.QueryService.answer"),
        call(
            "DynamoDb",
            "GetItem",
            Map.of("TableName", TABLES.events()),
            "com.theeye.ingest.ReceiptLookup.verdict"),
        call(
            "DynamoDb",
            "GetItem",
            Map.of("TableName", TABLES.invalidEvents()),
            "com.theeye.ingest.ReceiptLookup.verdict"),
        call(
            "DynamoDb",
            "BatchGetItem",
            Map.of("TableName", TABLES.deletions()),
            "com.theeye.ingest.DeletedSubjects.cover",
            "com.theeye.ingest.ReceiptLookup.verdict"),
        call(
            "SecretsManager",
            "GetSecretValue",
            Map.of(
                "SecretId",
                "arn:aws:secretsmanager:eu-west-1:123456789012:secret:CursorSigningSecret-AbCdEf"),
            "com.theeye.signing.CursorKeys.versions",
            "com.theeye.ingest.ReceiptService.handle"),
        // Suppression: the processor asks once per person whether a deletion suppresses them.
        call(
            "DynamoDb",
            "GetItem",
            Map.of("TableName", TABLES.deletions()),
            "com.theeye.store.DeletionItems.suppressed",
            "com.theeye.processor.BatchProcessor.process"),
        // A DELETE: the record, the subject's standing, the running deletion's id, the order.
        call(
            "DynamoDb",
            "PutItem",
            Map.of("TableName", TABLES.deletions()),
            "com.theeye.query.QueryService.answer"),
        call(
            "DynamoDb",
            "UpdateItem",
            Map.of("TableName", TABLES.deletions()),
            "com.theeye.query.QueryService.answer"),
        call(
            "DynamoDb",
            "GetItem",
            Map.of("TableName", TABLES.deletions()),
            "com.theeye.query.QueryService.answer"),
        call(
            "DynamoDb",
            "DeleteItem",
            Map.of("TableName", TABLES.deletions()),
            "com.theeye.query.QueryService.answer"),
        call(
            "Sqs",
            "SendMessage",
            Map.of("QueueUrl", DELETIONS_QUEUE_URL),
            "com.theeye.query.QueryService.answer"),
        // A deletion job: find, delete in chunks, count, continue.
        call(
            "DynamoDb",
            "Query",
            Map.of("TableName", TABLES.identities()),
            "com.theeye.deletion.DeletionHandler.handleRequest"),
        call(
            "DynamoDb",
            "Query",
            Map.of("TableName", TABLES.events()),
            "com.theeye.deletion.DeletionHandler.handleRequest"),
        call(
            "DynamoDb",
            "Query",
            Map.of("TableName", TABLES.invalidEvents(), "IndexName", "by-application"),
            "com.theeye.deletion.DeletionHandler.handleRequest"),
        call(
            "DynamoDb",
            "GetItem",
            Map.of("TableName", TABLES.sessions()),
            "com.theeye.deletion.DeletionHandler.handleRequest"),
        new RecordedCall(
            "DynamoDb",
            "BatchWriteItem",
            List.of(
                Map.of("TableName", TABLES.events()),
                Map.of("TableName", TABLES.invalidEvents()),
                Map.of("TableName", TABLES.identities()),
                Map.of("TableName", TABLES.sessions())),
            List.of("com.theeye.deletion.DeletionHandler.handleRequest"),
            ""),
        new RecordedCall(
            "DynamoDb",
            "BatchGetItem",
            List.of(Map.of("TableName", TABLES.identities())),
            List.of("com.theeye.deletion.DeletionHandler.handleRequest"),
            ""),
        call(
            "DynamoDb",
            "GetItem",
            Map.of("TableName", TABLES.deletions()),
            "com.theeye.deletion.DeletionHandler.handleRequest"),
        call(
            "DynamoDb",
            "UpdateItem",
            Map.of("TableName", TABLES.deletions()),
            "com.theeye.deletion.DeletionHandler.handleRequest"),
        call(
            "Sqs",
            "SendMessage",
            Map.of("QueueUrl", DELETIONS_QUEUE_URL),
            "com.theeye.deletion.DeletionHandler.handleRequest"));
  }

  /** A stream ARN as DynamoDB writes them, of the table named {@code table}. */
  private static String streamArn(String table) {
    return "arn:aws:dynamodb:eu-west-1:123456789012:table/"
        + table
        + "/stream/2026-01-01T00:00:00.000";
  }

  private static RecordedCall call(
      String service, String operation, Map<String, String> target, String... callers) {
    return new RecordedCall(service, operation, List.of(target), List.of(callers), "");
  }
}

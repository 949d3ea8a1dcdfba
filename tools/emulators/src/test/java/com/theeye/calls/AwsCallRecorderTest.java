package com.theeye.calls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.theeye.store.ApplicationItems;
import com.theeye.store.TableNames;
import com.theeye.testsupport.AwsEmulators;
import com.theeye.testsupport.AwsTestEnvironment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.interceptor.ClasspathInterceptorChainFactory;

@ExtendWith(AwsEmulators.class)
class AwsCallRecorderTest {

  @Test
  void theSdkLoadsTheRecorderAsAGlobalInterceptorFromTheClasspath() {
    assertTrue(
        new ClasspathInterceptorChainFactory()
            .getGlobalInterceptors().stream().anyMatch(AwsCallRecorder.class::isInstance));
  }

  @Test
  void seesEveryCallOfTheJvmsClientsWithTheMainCodeThatMadeIt(AwsTestEnvironment aws)
      throws Exception {
    List<RecordedCall> calls = new CopyOnWriteArrayList<>();
    TableNames tables;
    try (AutoCloseable observing = AwsCallRecorder.observe(calls::add)) {
      tables = aws.createTables();
      aws.dynamoDb()
          .getItem(
              b -> b.tableName(tables.applications()).key(ApplicationItems.key(UUID.randomUUID())));
    }

    RecordedCall create = calls.getFirst();
    assertEquals("DynamoDb", create.service());
    assertEquals("CreateTable", create.operation());
    assertEquals(List.of(Map.of("TableName", tables.applications())), create.targets());
    assertEquals(
        "com.theeye.testsupport.AwsTestEnvironment.createTables", create.callers().getFirst());
    assertEquals(
        getClass().getName() + ".seesEveryCallOfTheJvmsClientsWithTheMainCodeThatMadeIt",
        create.test());
    RecordedCall get = calls.getLast();
    assertEquals("GetItem", get.operation());
    assertEquals(List.of(), get.callers(), "a test's own call has no main-code caller");
  }

  @Test
  void recordsNothingWhenNoFolderIsNamed() {
    assertNull(CallLogFile.forThisJvm(null));
    assertNull(CallLogFile.forThisJvm(" "));
  }

  @Test
  void writesEachDistinctCallOnceAsALineTheCheckReadsBack(@TempDir Path folder) throws Exception {
    CallLogFile file = CallLogFile.forThisJvm(folder.toString());
    RecordedCall put =
        new RecordedCall(
            "DynamoDb",
            "PutItem",
            List.of(Map.of("TableName", "t1-events")),
            List.of("com.theeye.processor.EventStore.putIfAbsent"),
            "com.theeye.processor.BatchProcessorTest.storesValidEvent");
    RecordedCall get = new RecordedCall("DynamoDb", "GetItem", List.of(), List.of(), "");

    file.accept(put);
    file.accept(put);
    file.accept(get);

    List<String> lines =
        Files.readAllLines(
            folder.resolve("calls-" + ProcessHandle.current().pid() + ".jsonl"),
            StandardCharsets.UTF_8);
    assertEquals(2, lines.size());
    assertEquals(put, RecordedCall.fromJson(lines.get(0)));
    assertEquals(get, RecordedCall.fromJson(lines.get(1)));
  }

  @Test
  void aCallIsTheFunctionsWhoseCodeIsTheInnermostCaller() {
    RecordedCall call =
        new RecordedCall(
            "DynamoDb",
            "GetItem",
            List.of(),
            List.of(
                "com.theeye.store.TrustedApplications.lookUp",
                "com.theeye.ingest.IngestService.handle",
                "com.theeye.local.ApiGatewayBridge.handle"),
            "");

    assertEquals(
        Optional.of("com.theeye.ingest.IngestService.handle"),
        call.innermostCallerIn(Set.of("com.theeye.ingest", "com.theeye.processor")));
    assertEquals(Optional.empty(), call.innermostCallerIn(Set.of("com.theeye.query")));
  }
}

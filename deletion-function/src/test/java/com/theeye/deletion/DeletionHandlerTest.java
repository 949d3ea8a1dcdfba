package com.theeye.deletion;

import static com.theeye.deletion.DeletionFixture.pageview;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.theeye.emulators.FreePorts;
import com.theeye.event.ExactJson;
import com.theeye.store.DeletionOrder;
import com.theeye.store.DeletionRecord;
import com.theeye.store.DeletionSubject;
import com.theeye.testsupport.AwsEmulators;
import com.theeye.testsupport.AwsTestEnvironment;
import com.theeye.testsupport.TestLambdaContext;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The deletions queue's handler: an order runs its deletion's job; a message that is no order is a
 * batch item failure (retried, then dead-lettered); each run logs one line, without the subject's
 * id.
 */
@ExtendWith(AwsEmulators.class)
class DeletionHandlerTest {

  private static final UUID SHOP = UUID.fromString("0e302fce-66ad-4721-911e-0ab9d33697bf");

  private DeletionFixture eye;
  private DeletionHandler handler;

  @BeforeEach
  void setUp(AwsTestEnvironment aws) {
    eye = new DeletionFixture(aws);
    handler = new DeletionHandler(eye.config, aws.dynamoDb(), aws.sqs());
  }

  @AfterEach
  void close() {
    eye.close();
  }

  @Test
  void anOrderRunsItsDeletionAndLogsOneLineWithoutTheSubjectsId() throws IOException {
    eye.store(List.of(pageview(SHOP, UUID.randomUUID(), "jo@example.com", null, true)));
    UUID deletion = eye.request(DeletionSubject.user(SHOP, "jo@example.com"));
    TestLambdaContext context = new TestLambdaContext();

    SQSBatchResponse response =
        handler.handleRequest(batch(new DeletionOrder(deletion).toMessage()), context);

    assertEquals(List.of(), response.getBatchItemFailures());
    assertEquals(DeletionRecord.Status.DONE, eye.record(deletion).status());
    assertEquals(1, context.logLines().size());
    JsonNode line = ExactJson.MAPPER.readTree(context.logLines().getFirst());
    assertEquals("INFO", line.get("level").asText());
    assertEquals(deletion.toString(), line.get("deletion").asText());
    assertEquals("done", line.get("outcome").asText());
    assertEquals("user", line.get("kind").asText());
    assertEquals(1, line.get("events").asLong());
    assertEquals(context.getAwsRequestId(), line.get("function_request_id").asText());
    assertFalse(context.logLines().getFirst().contains("jo@example.com"));
  }

  @Test
  void aMessageThatIsNoOrderIsABatchItemFailure() {
    TestLambdaContext context = new TestLambdaContext();

    SQSBatchResponse response =
        handler.handleRequest(batch("{\"deletion\":\"not-a-uuid\"}", "plain text"), context);

    assertEquals(
        List.of("message-0", "message-1"),
        response.getBatchItemFailures().stream()
            .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
            .toList());
    assertTrue(context.logLines().stream().allMatch(l -> l.contains("\"WARN\"")));
  }

  @Test
  void anOrderForAnUnknownDeletionIsProcessed() {
    TestLambdaContext context = new TestLambdaContext();

    SQSBatchResponse response =
        handler.handleRequest(batch(new DeletionOrder(UUID.randomUUID()).toMessage()), context);

    assertEquals(List.of(), response.getBatchItemFailures());
    assertTrue(context.logLines().getFirst().contains("\"not found\""));
  }

  @Test
  void aRunThatFailsIsABatchItemFailure(AwsTestEnvironment aws) {
    UUID deletion = eye.request(DeletionSubject.user(SHOP, "u42"));
    DeletionHandler unreachable =
        new DeletionHandler(
            eye.config, aws.impatientClientsFor(FreePorts.deadEndpoint()).dynamoDb(), aws.sqs());
    TestLambdaContext context = new TestLambdaContext();

    SQSBatchResponse response =
        unreachable.handleRequest(batch(new DeletionOrder(deletion).toMessage()), context);

    assertEquals(1, response.getBatchItemFailures().size());
    assertTrue(context.logLines().getFirst().contains("\"ERROR\""));
    assertEquals(DeletionRecord.Status.ACCEPTED, eye.record(deletion).status());
  }

  @Test
  void primingWritesNothing() {
    new DeletionPriming(DeletionJob.create(eye.config, eye.aws.dynamoDb(), eye.aws.sqs())).prime();

    assertEquals(List.of(), eye.scan(eye.tables.deletions()));
  }

  private static SQSEvent batch(String... bodies) {
    SQSEvent event = new SQSEvent();
    event.setRecords(
        IntStream.range(0, bodies.length)
            .mapToObj(
                i -> {
                  SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
                  message.setMessageId("message-" + i);
                  message.setBody(bodies[i]);
                  return message;
                })
            .toList());
    return event;
  }
}

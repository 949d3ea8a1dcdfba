package com.theeye.processor;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.theeye.emulators.FreePorts;
import com.theeye.event.Event;
import com.theeye.event.EventCodec;
import com.theeye.event.EventIds;
import com.theeye.event.ExactJson;
import com.theeye.store.InvalidEventItems;
import com.theeye.store.TableNames;
import com.theeye.testsupport.AwsEmulators;
import com.theeye.testsupport.AwsTestEnvironment;
import com.theeye.testsupport.Fixtures;
import com.theeye.testsupport.TestLambdaContext;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The Lambda entry point fed the SQS events in events/processor/, as Lambda would deliver them. */
@ExtendWith(AwsEmulators.class)
class ProcessorHandlerTest {

  /**
   * Lambda's own event JSON uses "Records" and "eventSourceARN"; the event classes' properties
   * differ in case.
   */
  private static final ObjectMapper LAMBDA_EVENTS =
      JsonMapper.builder()
          .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private StoredItems stored;
  private BatchProcessor processor;
  private ProcessorHandler handler;
  private TestLambdaContext context;

  @BeforeEach
  void wireHandler(AwsTestEnvironment aws) {
    TableNames tables = aws.createTables();
    // The application of the fixtures in events/processor/.
    aws.putApplication(
        tables,
        java.util.UUID.fromString("6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f"),
        "fixtures",
        true);
    stored = new StoredItems(aws.dynamoDb(), tables);
    processor = Processors.create(aws.dynamoDb(), tables);
    handler = new ProcessorHandler(processor);
    context = new TestLambdaContext();
  }

  @AfterEach
  void stopProcessor() {
    processor.close();
  }

  @Test
  void snapStartPrimingStoresAndClaimsNothingAndLeavesTheHandlerServing() {
    handler.beforeCheckpoint(null);

    assertEquals(List.of(), stored.events());
    assertEquals(List.of(), stored.invalidEvents());
    assertEquals(List.of(), stored.sessions());
    assertEquals(List.of(), failedIds(handler.handleRequest(fixture("sqs-valid.json"), context)));
    assertEquals(bodies("sqs-valid.json").size(), stored.events().size());
  }

  @Test
  void snapStartPrimingNeverFailsTheSnapshotEvenWhenTheTablesAreUnreachable(
      AwsTestEnvironment aws) {
    try (DynamoDbClient dead = aws.impatientClientsFor(FreePorts.deadEndpoint()).dynamoDb();
        BatchProcessor unreachable = Processors.create(dead, TableNames.withPrefix("gone"))) {
      ProcessorHandler primedInTheDark = new ProcessorHandler(unreachable);

      assertDoesNotThrow(() -> primedInTheDark.beforeCheckpoint(null));
    }
  }

  @Test
  void theBatchLineAndTheMetricLineCarryTheInvocationsRequestIdTraceAndColdStart() {
    TestLambdaContext first =
        TestLambdaContext.traced("Root=1-6a1b2c3d-0123456789abcdef01234567;Sampled=1");
    TestLambdaContext second = new TestLambdaContext();

    handler.handleRequest(fixture("sqs-valid.json"), first);
    handler.handleRequest(fixture("sqs-invalid.json"), second);

    List<JsonNode> firstLines = lines(first);
    assertEquals(
        List.of("batch processed", "metrics", "metrics"), messages(firstLines), "and one count");
    for (JsonNode line : firstLines) {
      assertEquals(first.getAwsRequestId(), line.get("function_request_id").asText());
      assertTrue(line.get("cold_start").asBoolean(), line::toString);
      assertEquals("1-6a1b2c3d-0123456789abcdef01234567", line.get("xray_trace_id").asText());
    }
    List<JsonNode> secondLines = lines(second);
    assertEquals(
        List.of("batch processed", "metrics", "metrics", "metrics", "metrics", "metrics"),
        messages(secondLines),
        "and the counts: the invalid events' total, and one line per reason of the three");
    for (JsonNode line : secondLines) {
      assertEquals(second.getAwsRequestId(), line.get("function_request_id").asText());
      assertFalse(line.get("cold_start").asBoolean(), line::toString);
      assertFalse(line.has("xray_trace_id"), line::toString);
    }
  }

  @Test
  void storesEveryValidEventAndReportsNoFailures() {
    SQSBatchResponse response = handler.handleRequest(fixture("sqs-valid.json"), context);

    assertEquals(List.of(), failedIds(response));
    assertEquals(
        bodies("sqs-valid.json").stream()
            .map(body -> EventCodec.fromMessage(body).id())
            .sorted()
            .toList(),
        stored.eventIds());
  }

  @Test
  void storesInvalidEventsWithTheirReasonsAndReportsNoFailures() {
    SQSBatchResponse response = handler.handleRequest(fixture("sqs-invalid.json"), context);

    assertEquals(List.of(), failedIds(response));
    assertEquals(List.of(), stored.events());
    List<String> reasons =
        bodies("sqs-invalid.json").stream()
            .map(
                body ->
                    stored
                        .invalidEvent(EventCodec.fromMessage(body).id())
                        .orElseThrow()
                        .get(InvalidEventItems.REASON)
                        .s())
            .toList();
    assertEquals(
        List.of("schema violation", "unknown event type", "timestamp in the future"), reasons);
  }

  @Test
  void storesAnEventDeliveredTwiceInOneBatchOnceAndCountsTheDuplicate() {
    SQSBatchResponse response = handler.handleRequest(fixture("sqs-duplicate.json"), context);

    assertEquals(List.of(), failedIds(response));
    assertEquals(1, stored.events().size());
    JsonNode log = batchLine();
    assertEquals("INFO", log.get("level").asText());
    assertEquals(1, log.get("stored").asInt());
    assertEquals(1, log.get("duplicates").asInt());
  }

  @Test
  void reportsExactlyThePoisonMessagesAsFailures() {
    SQSBatchResponse response = handler.handleRequest(fixture("sqs-poison.json"), context);

    assertEquals(
        List.of("a14a7f5e-3eab-4c9d-8f84-4d5e6f7a8b02", "a14a7f5e-3eab-4c9d-8f84-4d5e6f7a8b03"),
        failedIds(response));
    assertEquals(1, stored.events().size());
  }

  @Test
  void logsOneLineOfCountsWithoutEventContent() {
    handler.handleRequest(fixture("sqs-poison.json"), context);

    JsonNode log = batchLine();
    assertEquals("WARN", log.get("level").asText(), "a message goes back to SQS");
    assertEquals("batch processed", log.get("message").asText());
    assertEquals(3, log.get("messages").asInt());
    assertEquals(1, log.get("stored").asInt());
    assertEquals(2, log.get("failed").asInt());
    assertEquals(2, log.get("failures").size());
    assertFalse(
        context.logLines().getFirst().contains("consumeraffairs"), context.logLines().getFirst());
  }

  @Test
  void publishesEventsStoredPerBatch() {
    handler.handleRequest(fixture("sqs-valid.json"), context);

    assertEquals(bodies("sqs-valid.json").size(), metricLine().get("EventsStored").asInt());
    assertEquals(0, metricLine().get("EventsInvalid").asInt());
    assertEquals(
        "[{\"Name\":\"EventsStored\",\"Unit\":\"Count\"},"
            + "{\"Name\":\"EventsInvalid\",\"Unit\":\"Count\"},"
            + "{\"Name\":\"EventsDuplicate\",\"Unit\":\"Count\"},"
            + "{\"Name\":\"EventsSuppressed\",\"Unit\":\"Count\"},"
            + "{\"Name\":\"EventsThrottled\",\"Unit\":\"Count\"}]",
        metricLine().at("/_aws/CloudWatchMetrics/0/Metrics").toString());
    assertEquals(0, metricLine().get("EventsThrottled").asInt());
    assertEquals("[[]]", metricLine().at("/_aws/CloudWatchMetrics/0/Dimensions").toString());
  }

  @Test
  void publishesEventsInvalidPerBatch() {
    handler.handleRequest(fixture("sqs-invalid.json"), context);

    assertEquals(bodies("sqs-invalid.json").size(), metricLine().get("EventsInvalid").asInt());
    assertEquals(0, metricLine().get("EventsStored").asInt());
  }

  @Test
  void publishesEventsDuplicatePerBatch() {
    handler.handleRequest(fixture("sqs-duplicate.json"), context);

    assertEquals(1, metricLine().get("EventsDuplicate").asInt());
    assertEquals(1, metricLine().get("EventsStored").asInt());
    assertEquals(
        ProcessorConfig.DEFAULT_METRICS_NAMESPACE,
        metricLine().at("/_aws/CloudWatchMetrics/0/Namespace").asText());
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqs-valid.json", "sqs-invalid.json", "sqs-duplicate.json"})
  void fixturesCarryTheIdsTheIngestFunctionDerives(String file) {
    for (String body : bodies(file)) {
      Event event = EventCodec.fromMessage(body);
      assertEquals(
          EventIds.derive(
              event.application(),
              event.sessionId(),
              event.category(),
              event.name(),
              event.timestamp(),
              event.data()),
          event.id());
    }
  }

  private static List<JsonNode> lines(TestLambdaContext context) {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : context.logLines()) {
      try {
        lines.add(ExactJson.MAPPER.readTree(line));
      } catch (JsonProcessingException e) {
        throw new AssertionError("the log line is not JSON: " + line, e);
      }
    }
    return lines;
  }

  private static List<String> messages(List<JsonNode> lines) {
    return lines.stream().map(line -> line.get("message").asText()).toList();
  }

  /**
   * The batch's log line; the second line of the batch is its metric line, the lines after it the
   * accounting's.
   */
  private JsonNode batchLine() {
    return line(0);
  }

  private JsonNode metricLine() {
    return line(1);
  }

  private JsonNode line(int index) {
    assertTrue(context.logLines().size() >= 2, "two lines per batch: " + context.logLines());
    try {
      return ExactJson.MAPPER.readTree(context.logLines().get(index));
    } catch (JsonProcessingException e) {
      throw new AssertionError("the log line is not JSON: " + context.logLines().get(index), e);
    }
  }

  private static SQSEvent fixture(String file) {
    try {
      return LAMBDA_EVENTS.readValue(Fixtures.read("events/processor/" + file), SQSEvent.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("fixture " + file + " is not an SQS event", e);
    }
  }

  private static List<String> bodies(String file) {
    return fixture(file).getRecords().stream().map(SQSEvent.SQSMessage::getBody).toList();
  }

  private static List<String> failedIds(SQSBatchResponse response) {
    return response.getBatchItemFailures().stream()
        .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
        .toList();
  }
}

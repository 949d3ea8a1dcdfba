package com.theeye.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The SQS settings AWS documents for Lambda consumers, at the template's parameter defaults. */
class QueueSettingsTest {

  private final SamTemplate template = Templates.theTemplate();

  @Test
  void processorConsumesTheEventsQueue() {
    var sources = Templates.sqsEventSources(template);
    assertEquals(1, sources.size(), "one SQS event source");
    assertEquals(Templates.PROCESSOR, sources.getFirst().getKey());
    assertEquals(Templates.QUEUE, queueOf(sources.getFirst().getValue()));
  }

  @Test
  void everySqsEventSourceReportsBatchItemFailures() {
    // The processor answers SQSBatchResponse; without this setting Lambda ignores it and retries
    // whole batches.
    for (var source : Templates.sqsEventSources(template)) {
      assertEquals(
          List.of("ReportBatchItemFailures"),
          source.getValue().get("FunctionResponseTypes"),
          source.getKey() + " must report batch item failures");
    }
  }

  @Test
  void everyConsumedQueueRedrivesToADeadLetterQueue() {
    for (var source : Templates.sqsEventSources(template)) {
      String queue = queueOf(source.getValue());
      Object redrive = template.properties(queue).get("RedrivePolicy");
      assertTrue(redrive instanceof Map<?, ?>, queue + " needs a RedrivePolicy");
      Map<String, Object> policy = SamTemplate.asMap(redrive, "RedrivePolicy");

      String deadLetters =
          SamTemplate.referencedResource(policy.get("deadLetterTargetArn"))
              .orElseThrow(() -> new AssertionError(queue + " DLQ must be a queue of this stack"));
      assertEquals("AWS::SQS::Queue", template.type(deadLetters));
      assertNotEquals(queue, deadLetters);
      assertFalse(
          template.properties(deadLetters).containsKey("RedrivePolicy"),
          "the DLQ is the end of the line");
      long maxReceiveCount = template.numberAtDefaults(policy.get("maxReceiveCount"));
      assertTrue(
          maxReceiveCount >= 2,
          "one transient failure must not dead-letter an event: " + maxReceiveCount);
    }
  }

  @Test
  void visibilityTimeoutIsAtLeastSixTimesTheConsumersTimeout() {
    // https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html: at least 6 x the
    // function timeout,
    // or a message whose batch is still being processed becomes visible and is delivered again.
    for (var source : Templates.sqsEventSources(template)) {
      String queue = queueOf(source.getValue());
      long visibility =
          template.numberAtDefaults(template.properties(queue).get("VisibilityTimeout"));
      long timeout =
          template.numberAtDefaults(template.functionProperties(source.getKey()).get("Timeout"));
      assertTrue(
          visibility >= 6 * timeout,
          queue
              + " VisibilityTimeout "
              + visibility
              + " s < 6 x "
              + source.getKey()
              + " Timeout "
              + timeout
              + " s");
    }
  }

  @Test
  void batchesAboveTenMessagesHaveABatchingWindow() {
    // Lambda refuses a standard-queue BatchSize above 10 without MaximumBatchingWindowInSeconds >=
    // 1.
    for (var source : Templates.sqsEventSources(template)) {
      long batchSize = template.numberAtDefaults(source.getValue().get("BatchSize"));
      Object window = source.getValue().get("MaximumBatchingWindowInSeconds");
      if (batchSize > 10) {
        assertTrue(
            window != null && template.numberAtDefaults(window) >= 1,
            "BatchSize " + batchSize + " needs a window");
      }
    }
  }

  @Test
  void everySqsEventSourceCapsItsConcurrency() {
    for (var source : Templates.sqsEventSources(template)) {
      Map<String, Object> scaling =
          SamTemplate.asMap(source.getValue().get("ScalingConfig"), "ScalingConfig");
      long maximum = template.numberAtDefaults(scaling.get("MaximumConcurrency"));
      assertTrue(
          maximum >= 2 && maximum <= 1000, "MaximumConcurrency must be 2..1000, is " + maximum);
    }
  }

  @Test
  void everyQueueIsEncryptedAtRest() {
    for (String queue : template.resourcesOfType("AWS::SQS::Queue")) {
      assertEquals(true, template.properties(queue).get("SqsManagedSseEnabled"), queue);
    }
  }

  @Test
  void deadLetterQueueKeepsMessagesLongerThanTheQueueFeedingIt() {
    // A standard queue's message keeps its first enqueue time in the DLQ, so a shorter retention
    // there loses it.
    long source =
        template.numberAtDefaults(
            template.properties(Templates.QUEUE).get("MessageRetentionPeriod"));
    long deadLetters =
        template.numberAtDefaults(
            template.properties(Templates.DEAD_LETTER_QUEUE).get("MessageRetentionPeriod"));
    assertTrue(
        deadLetters > source, "DLQ retention " + deadLetters + " <= queue retention " + source);
  }

  private static String queueOf(Map<String, Object> sqsEvent) {
    return SamTemplate.referencedResource(sqsEvent.get("Queue"))
        .orElseThrow(
            () -> new AssertionError("SQS event Queue must be !GetAtt <Queue>.Arn of this stack"));
  }
}

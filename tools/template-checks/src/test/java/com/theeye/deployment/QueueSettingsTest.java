package com.theeye.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The SQS settings AWS documents for Lambda consumers, at the template's parameter defaults. */
class QueueSettingsTest {

  private final SamTemplate template = Templates.theTemplate();

  @Test
  void processorConsumesTheEventsQueue() {
    assertEquals(
        List.of(Templates.QUEUE),
        Templates.sqsEventSources(template).stream()
            .filter(source -> source.getKey().equals(Templates.PROCESSOR))
            .map(source -> queueOf(source.getValue()))
            .toList());
  }

  /**
   * Every queue of the stack is either consumed by exactly one function, which also sends to it
   * (its {@code *_QUEUE_URL}: the processor hands throttled events back, a deletion job continues
   * itself), or is a dead-letter queue, which nothing consumes.
   */
  @Test
  void everyQueueButADeadLetterQueueHasOneConsumerThatKnowsItsUrl() {
    Map<String, List<String>> consumers = new TreeMap<>();
    for (var source : Templates.sqsEventSources(template)) {
      consumers
          .computeIfAbsent(queueOf(source.getValue()), q -> new ArrayList<>())
          .add(source.getKey());
    }
    Set<String> deadLetterQueues = new TreeSet<>();
    for (String queue : template.resourcesOfType("AWS::SQS::Queue")) {
      Object redrive = template.properties(queue).get("RedrivePolicy");
      if (redrive != null) {
        SamTemplate.referencedResource(
                SamTemplate.asMap(redrive, "RedrivePolicy").get("deadLetterTargetArn"))
            .ifPresent(deadLetterQueues::add);
      }
    }
    for (String queue : template.resourcesOfType("AWS::SQS::Queue")) {
      if (deadLetterQueues.contains(queue)) {
        assertFalse(consumers.containsKey(queue), queue + " is a dead-letter queue: no consumer");
        continue;
      }
      List<String> consumedBy = consumers.getOrDefault(queue, List.of());
      assertEquals(1, consumedBy.size(), queue + " consumed by " + consumedBy);
      Map<String, Object> environment =
          SamTemplate.asMap(
              SamTemplate.asMap(
                      template.functionProperties(consumedBy.getFirst()).get("Environment"),
                      "Environment")
                  .get("Variables"),
              "Variables");
      assertTrue(
          environment.entrySet().stream()
              .anyMatch(
                  v ->
                      v.getKey().endsWith("_QUEUE_URL")
                          && Map.of("Ref", queue).equals(v.getValue())),
          consumedBy.getFirst() + " knows the URL of the queue it consumes, " + queue);
    }
  }

  /**
   * A deletion job may run its whole 15-minute timeout: one order per invocation, so an order that
   * fails is retried alone.
   */
  @Test
  void deletionOrdersAreRunOneAtATime() {
    var deletions =
        Templates.sqsEventSources(template).stream()
            .filter(source -> source.getKey().equals("DeletionFunction"))
            .toList();
    assertEquals(1, deletions.size(), "the deletion function consumes one queue");
    assertEquals("DeletionsQueue", queueOf(deletions.getFirst().getValue()));
    assertEquals(1L, template.numberAtDefaults(deletions.getFirst().getValue().get("BatchSize")));
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
  void deadLetterQueuesKeepMessagesLongerThanTheQueuesFeedingThem() {
    // A standard queue's message keeps its first enqueue time in the DLQ, so a shorter retention
    // there loses it.
    for (String queue : template.resourcesOfType("AWS::SQS::Queue")) {
      Object redrive = template.properties(queue).get("RedrivePolicy");
      if (redrive == null) {
        continue;
      }
      String deadLetterQueue =
          SamTemplate.referencedResource(
                  SamTemplate.asMap(redrive, "RedrivePolicy").get("deadLetterTargetArn"))
              .orElseThrow();
      long source =
          template.numberAtDefaults(template.properties(queue).get("MessageRetentionPeriod"));
      long deadLetters =
          template.numberAtDefaults(
              template.properties(deadLetterQueue).get("MessageRetentionPeriod"));
      assertTrue(
          deadLetters > source,
          deadLetterQueue + " retention " + deadLetters + " <= " + queue + " retention " + source);
    }
  }

  private static String queueOf(Map<String, Object> sqsEvent) {
    return SamTemplate.referencedResource(sqsEvent.get("Queue"))
        .orElseThrow(
            () -> new AssertionError("SQS event Queue must be !GetAtt <Queue>.Arn of this stack"));
  }
}

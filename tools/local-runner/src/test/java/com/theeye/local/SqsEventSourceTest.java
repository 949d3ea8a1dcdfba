package com.theeye.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.theeye.testsupport.AwsEmulators;
import com.theeye.testsupport.AwsTestEnvironment;
import com.theeye.testsupport.AwsTestEnvironment.RedrivenQueue;
import com.theeye.testsupport.Eventually;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The local event source on a busy machine, where the processor takes longer than the queue's
 * visibility timeout: as on AWS, where Lambda stops a function at its timeout, which the visibility
 * timeout must exceed, no message is received again while its batch is in the handler.
 */
@ExtendWith(AwsEmulators.class)
class SqsEventSourceTest {

  private static final Duration VISIBILITY_TIMEOUT = Duration.ofSeconds(1);
  private static final Duration SLOWER_THAN_THAT = Duration.ofMillis(2500);
  private static final int MAX_RECEIVE_COUNT = 2;
  private static final Duration WITHIN = Duration.ofSeconds(120);

  @Test
  void aBatchSlowerThanTheVisibilityTimeoutIsHandledOnceAndDeleted(AwsTestEnvironment aws) {
    RedrivenQueue queues = aws.createRedrivenQueue("events", VISIBILITY_TIMEOUT, MAX_RECEIVE_COUNT);
    List<String> bodies = List.of("a", "b", "c", "d", "e");
    bodies.forEach(
        body -> aws.sqs().sendMessage(b -> b.queueUrl(queues.events()).messageBody(body)));
    Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();
    List<String> deleted = new CopyOnWriteArrayList<>();

    try (SqsEventSource source =
        start(aws, queues, slowly(handled, false), recording(deleted, new ArrayList<>()))) {
      Eventually.await(
          WITHIN, () -> aws.approximateDepth(queues.events()), n -> n == 0, "the queue empty");
    }

    assertEquals(bodies, deleted.stream().sorted().toList(), "each deleted, once");
    handled.forEach((body, times) -> assertEquals(1, times.get(), body + " handled once"));
    assertEquals(bodies.size(), handled.size());
  }

  @Test
  void aMessageFailingSlowlyIsRecordedAsADeadLetterOnceAndBeforeItIsMoved(AwsTestEnvironment aws) {
    RedrivenQueue queues = aws.createRedrivenQueue("events", VISIBILITY_TIMEOUT, MAX_RECEIVE_COUNT);
    aws.sqs().sendMessage(b -> b.queueUrl(queues.events()).messageBody("fails"));
    Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();
    List<String> deadLettered = new CopyOnWriteArrayList<>();
    List<Integer> deadLetterDepthWhenRecorded = new CopyOnWriteArrayList<>();

    try (SqsEventSource source =
        start(
            aws,
            queues,
            slowly(handled, true),
            new SqsEventSource.QueueExits() {
              @Override
              public void deleted(String body) {}

              @Override
              public void deadLettered(String body, int receiveCount) {
                deadLetterDepthWhenRecorded.add(aws.approximateDepth(queues.deadLetters()));
                deadLettered.add(body + " after " + receiveCount);
              }
            })) {
      Eventually.await(
          WITHIN, () -> aws.approximateDepth(queues.deadLetters()), n -> n == 1, "dead-lettered");
    }

    assertEquals(List.of("fails after " + MAX_RECEIVE_COUNT), deadLettered);
    assertEquals(List.of(0), deadLetterDepthWhenRecorded, "recorded before the queue moved it");
    assertEquals(MAX_RECEIVE_COUNT, handled.get("fails").get(), "once per receive");
  }

  private static SqsEventSource start(
      AwsTestEnvironment aws,
      RedrivenQueue queues,
      RequestHandler<SQSEvent, SQSBatchResponse> handler,
      SqsEventSource.QueueExits exits) {
    SqsEventSource source =
        new SqsEventSource(
            aws.sqs(),
            queues.events(),
            "arn:aws:sqs:us-east-1:000000000000:events",
            handler,
            10,
            2,
            VISIBILITY_TIMEOUT,
            MAX_RECEIVE_COUNT,
            exits,
            System.out::println);
    source.start();
    return source;
  }

  /** A processor slower than the visibility timeout, failing every message or none. */
  private static RequestHandler<SQSEvent, SQSBatchResponse> slowly(
      Map<String, AtomicInteger> handled, boolean failing) {
    return (event, context) -> {
      event
          .getRecords()
          .forEach(
              r ->
                  handled.computeIfAbsent(r.getBody(), b -> new AtomicInteger()).incrementAndGet());
      try {
        Thread.sleep(SLOWER_THAN_THAT); // stands for a slow processor, not a wait
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
      if (failing) {
        event
            .getRecords()
            .forEach(r -> failures.add(new SQSBatchResponse.BatchItemFailure(r.getMessageId())));
      }
      return new SQSBatchResponse(failures);
    };
  }

  private static SqsEventSource.QueueExits recording(
      List<String> deleted, List<String> deadLettered) {
    return new SqsEventSource.QueueExits() {
      @Override
      public void deleted(String body) {
        deleted.add(body);
      }

      @Override
      public void deadLettered(String body, int receiveCount) {
        deadLettered.add(body);
      }
    };
  }
}

package com.theeye.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.theeye.testsupport.Eventually;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Dead letters live in ElasticMQ's memory; the journal keeps them, with the receive count each had,
 * across a {@code kill -9} of the runner and across a clean stop.
 */
class DeadLetterRestartIT {

  private static final int EVENTS = 10;

  /** Generous: on a busy machine a runner's steps take many times as long as on an idle one. */
  private static final Duration WITHIN = Duration.ofSeconds(180);

  @TempDir Path data;

  @Test
  void deadLettersKeepTheirReceiveCountsAcrossAKillDashNineAndACleanStop() throws Exception {
    Set<String> accepted = new HashSet<>();
    PackagedRunner first = PackagedRunner.startWithQuickRetries(data);
    try (LocalQueues queues = LocalQueues.of(data)) {
      // Every store claims the event's session first: without the Sessions table each event
      // fails, is retried, and is dead-lettered after MAX_RECEIVE_COUNT receives.
      queues.dynamoDb().deleteTable(b -> b.tableName(LocalResources.TABLES.sessions()));
      accepted.addAll(LocalApiClient.postAccepted(first.baseUrl(), "/dead/", EVENTS));
      Eventually.await(
          WITHIN,
          () -> List.of(queues.depth(), queues.deadLetterDepth()),
          depths -> depths.equals(List.of(0, EVENTS)),
          "[events queue, dead-letter queue] depths [0, " + EVENTS + "]");
    } finally {
      first.killDashNine();
    }

    PackagedRunner second = PackagedRunner.startWithQuickRetries(data);
    try (second;
        LocalQueues queues = LocalQueues.of(data)) {
      assertEquals(0, queues.depth(), "no dead letter was replayed as a new message");
      List<Message> afterKill = queues.receiveDeadLetters();
      assertEquals(accepted, eventIds(afterKill), "every dead letter is back after kill -9");
      // Dead-lettered with MAX_RECEIVE_COUNT receives; receiving them here is one more.
      assertReceiveCounts(QuickRetryRunner.MAX_RECEIVE_COUNT + 1, afterKill);
      queues.release(afterKill);
      assertTrue(second.stop(), "the runner stops on SIGTERM");
    }
    assertEquals(0, second.process().exitValue(), second::printed);
    assertTrue(
        second.output().stream()
            .anyMatch(line -> line.startsWith("Saved 0 queued and " + EVENTS + " dead-letter")),
        second::printed);

    PackagedRunner third = PackagedRunner.startWithQuickRetries(data);
    Set<String> stored;
    try (third;
        LocalQueues queues = LocalQueues.of(data)) {
      List<Message> afterStop = queues.receiveDeadLetters();
      assertEquals(accepted, eventIds(afterStop), "every dead letter is back after a clean stop");
      assertReceiveCounts(QuickRetryRunner.MAX_RECEIVE_COUNT + 2, afterStop);

      // The Sessions table is back (every start creates missing tables): redriven, all are stored.
      queues.redrive(afterStop);
      stored =
          Eventually.await(
              WITHIN,
              () -> LocalApiClient.storedIdsNow(third.baseUrl()),
              ids -> ids.size() >= accepted.size(),
              "the redriven dead letters stored");
      assertTrue(third.stop(), "the runner stops on SIGTERM");
    }
    assertEquals(accepted.size(), stored.size(), "count answered 202 == count stored");
    assertEquals(accepted, stored);
  }

  private static Set<String> eventIds(List<Message> messages) {
    Set<String> ids = new HashSet<>();
    messages.forEach(m -> ids.addAll(LocalQueues.eventIds(m)));
    assertEquals(ids.size(), messages.size(), "one event per message, none twice");
    return ids;
  }

  private static void assertReceiveCounts(int expected, List<Message> messages) {
    for (Message message : messages) {
      assertEquals(expected, LocalQueues.receiveCount(message), message::toString);
    }
  }
}

package com.theeye.deletion;

import static com.theeye.deletion.DeletionFixture.pageview;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.theeye.event.Event;
import com.theeye.store.DeletionCounts;
import com.theeye.store.DeletionItems;
import com.theeye.store.DeletionOrder;
import com.theeye.store.DeletionRecord;
import com.theeye.store.DeletionSubject;
import com.theeye.testsupport.AwsEmulators;
import com.theeye.testsupport.AwsTestEnvironment;
import com.theeye.testsupport.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A deletion's job across runs: one that dies anywhere is finished by the next with exact counts;
 * one the invocation's time cuts short orders its continuation; a run finds the job held by another
 * and leaves it; a person's last sweep, after events in flight had time to land, removes what came
 * after the first.
 */
@ExtendWith(AwsEmulators.class)
class ResumedDeletionTest {

  private static final UUID SHOP = UUID.fromString("0e302fce-66ad-4721-911e-0ab9d33697bf");

  private DeletionFixture eye;

  @BeforeEach
  void setUp(AwsTestEnvironment aws) {
    eye = new DeletionFixture(aws);
  }

  @AfterEach
  void close() {
    eye.close();
  }

  /** A user with events in two sessions, one shared with someone who stays; invalid events too. */
  private record Scenario(UUID deletion, DeletionCounts expected, String user) {}

  private Scenario scenario(String user) {
    UUID own = UUID.randomUUID();
    UUID shared = UUID.randomUUID();
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      events.add(pageview(SHOP, own, user, null, true));
      events.add(pageview(SHOP, shared, i % 2 == 0 ? user : "stays", null, true));
    }
    events.add(pageview(SHOP, own, user, null, false));
    events.add(pageview(SHOP, shared, "stays", null, false));
    eye.store(events);
    return new Scenario(
        eye.request(DeletionSubject.user(SHOP, user)), new DeletionCounts(12, 1, 2, 12, 0), user);
  }

  private void assertDeletedExactly(Scenario scenario, String crash) {
    DeletionRecord record = eye.record(scenario.deletion());
    assertEquals(DeletionRecord.Status.DONE, record.status(), crash);
    assertEquals(scenario.expected(), record.counts(), crash);
    assertFalse(eye.deletionItem(scenario.deletion()).containsKey(DeletionItems.PENDING), crash);
    assertTrue(
        eye.events().stream().noneMatch(e -> scenario.user().equals(DeletionFixture.userOf(e))),
        crash);
    assertTrue(
        eye.identities().stream().noneMatch(i -> i.startsWith("user#" + scenario.user() + " ")),
        crash);
  }

  private DynamoDbClient crashing(Crash crash) {
    return eye.aws
        .clientsFor(eye.aws.dynamoDbEndpoint())
        .build(
            DynamoDbClient.builder().overrideConfiguration(c -> c.addExecutionInterceptor(crash)));
  }

  @Test
  void aRunThatDiesAtAnyCallIsFinishedByTheNextWithExactCounts() {
    Scenario clean = scenario("clean");
    Crash counting = Crash.never();
    try (DynamoDbClient client = crashing(counting)) {
      eye.run(eye.job(client, Clock.systemUTC()), clean.deletion());
    }
    assertDeletedExactly(clean, "a run that does not die");
    int calls = counting.calls();
    long stays =
        eye.events().stream().filter(e -> "stays".equals(DeletionFixture.userOf(e))).count();

    for (int survived = 0; survived < calls; survived++) {
      for (boolean answerLost : new boolean[] {false, true}) {
        Scenario scenario = scenario("u-" + survived + "-" + answerLost);
        String crash = "died after " + survived + " calls" + (answerLost ? ", answer lost" : "");
        try (DynamoDbClient client = crashing(Crash.after(survived, answerLost))) {
          DeletionJob dying = eye.job(client, Clock.systemUTC());
          assertThrows(RuntimeException.class, () -> eye.run(dying, scenario.deletion()), crash);
        }
        // SQS delivers the failed order again after the visibility timeout, when the lease is out.
        DeletionJob next =
            eye.job(eye.aws.dynamoDb(), Clock.offset(Clock.systemUTC(), Duration.ofHours(2)));
        JobOutcome resumed = eye.run(next, scenario.deletion());
        // Dying as the record was marked done, its answer lost, leaves nothing for the next run.
        assertTrue(
            resumed.result() == JobOutcome.Result.DONE
                || resumed.result() == JobOutcome.Result.ALREADY_DONE,
            crash + ": " + resumed);
        assertDeletedExactly(scenario, crash);
      }
    }
    assertEquals(
        stays + 4L * 2 * calls,
        eye.events().stream().filter(e -> "stays".equals(DeletionFixture.userOf(e))).count(),
        "the other user's events all stay");
  }

  @Test
  void aRunCutShortByItsTimeOrdersItsContinuationAndTheRunsCountExactly() {
    Scenario scenario = scenario("u42");
    OperationCount deletes = new OperationCount("BatchWriteItem");
    List<JobOutcome> runs = new ArrayList<>();
    try (DynamoDbClient client =
        eye.aws
            .clientsFor(eye.aws.dynamoDbEndpoint())
            .build(
                DynamoDbClient.builder()
                    .overrideConfiguration(c -> c.addExecutionInterceptor(deletes)))) {
      DeletionJob job = eye.job(client, Clock.systemUTC());
      JobOutcome outcome;
      do {
        // Each run's time is up once it has deleted one chunk.
        int before = deletes.count();
        outcome =
            job.run(scenario.deletion(), Duration.ofMinutes(15), () -> deletes.count() > before);
        runs.add(outcome);
        if (outcome.result() == JobOutcome.Result.CONTINUED) {
          List<Message> orders = eye.aws.receive(eye.queueUrl, 1, Duration.ofSeconds(30));
          assertEquals(1, orders.size(), "the continuation is ordered at once");
          assertEquals(
              new DeletionOrder(scenario.deletion()).toMessage(), orders.getFirst().body());
          eye.aws
              .sqs()
              .deleteMessage(
                  b -> b.queueUrl(eye.queueUrl).receiptHandle(orders.getFirst().receiptHandle()));
        }
      } while (outcome.result() == JobOutcome.Result.CONTINUED && runs.size() < 50);
      assertEquals(JobOutcome.Result.DONE, outcome.result());
    }

    assertTrue(runs.size() > 1, "the job took several runs: " + runs.size());
    assertEquals(
        scenario.expected(),
        runs.stream().map(JobOutcome::deleted).reduce(DeletionCounts.NONE, DeletionCounts::plus),
        "what the runs deleted adds up to the record's counts");
    assertDeletedExactly(scenario, "continued");
  }

  @Test
  void aRunLeavesAJobAnotherRunHoldsAndOrdersItAgainForWhenTheLeaseEnds() {
    Scenario scenario = scenario("u42");
    Instant now = Instant.now();
    new DeletionJournal(eye.aws.dynamoDb(), eye.tables.deletions())
        .hold(Lease.newFor(scenario.deletion()), now, now.plus(Duration.ofMinutes(15)))
        .orElseThrow();

    JobOutcome outcome = eye.run(eye.job(), scenario.deletion());

    assertEquals(JobOutcome.Result.HELD_ELSEWHERE, outcome.result());
    // The holder may have died: the order comes back once its lease is over (SQS delays at most
    // 900 s; a later run that finds it held still orders again).
    assertTrue(
        outcome.nextOrderIn().orElseThrow().compareTo(Duration.ofSeconds(899)) >= 0,
        "ordered again after the lease: " + outcome);
    assertEquals(DeletionCounts.NONE, eye.record(scenario.deletion()).counts());
    assertEquals(
        12, eye.events().stream().filter(e -> "u42".equals(DeletionFixture.userOf(e))).count());
  }

  @Test
  void aPersonsLastSweepAfterTheSettleTimeRemovesAnEventStoredAfterTheFirst(
      AwsTestEnvironment aws) {
    eye.close();
    eye = new DeletionFixture(aws, Duration.ofSeconds(90));
    UUID browser = UUID.randomUUID();
    eye.store(
        List.of(
            pageview(SHOP, browser, "u42", null, true), pageview(SHOP, browser, "u7", null, true)));
    MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    UUID deletion = eye.request(DeletionSubject.user(SHOP, "u42"), clock.instant());
    DeletionJob job = eye.job(aws.dynamoDb(), clock);
    clock.advance(Duration.ofSeconds(1));

    JobOutcome first = eye.run(job, deletion);

    assertEquals(JobOutcome.Result.SETTLING, first.result());
    assertEquals(Duration.ofSeconds(89), first.nextOrderIn().orElseThrow());
    assertEquals(DeletionRecord.Status.RUNNING, eye.record(deletion).status());
    assertEquals("1", delayedMessages(), "the last sweep's order waits on the queue");
    assertEquals(
        List.of("user#u42 " + SHOP + "#" + browser, "user#u7 " + SHOP + "#" + browser),
        eye.identities().stream().sorted().toList(),
        "the mappings stay until the last sweep: they are how it finds the sessions");
    // A processor that had not yet seen the suppression stores one more event of the user, in a
    // session it has mapped before, so it does not map it again.
    eye.store(List.of(pageview(SHOP, browser, "u42", null, true)));

    clock.advance(Duration.ofSeconds(89));
    JobOutcome last = eye.run(job, deletion);

    assertEquals(JobOutcome.Result.DONE, last.result());
    assertEquals(new DeletionCounts(2, 0, 1, 2, 0), eye.record(deletion).counts());
    assertEquals(List.of("u7"), eye.events().stream().map(DeletionFixture::userOf).toList());
    assertEquals(List.of("user#u7 " + SHOP + "#" + browser), eye.identities());
  }

  private String delayedMessages() {
    Map<QueueAttributeName, String> attributes =
        eye.aws
            .sqs()
            .getQueueAttributes(
                b ->
                    b.queueUrl(eye.queueUrl)
                        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))
            .attributes();
    return attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED);
  }
}

package com.theeye.deletion;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.theeye.event.ClientClock;
import com.theeye.event.Event;
import com.theeye.event.ExactJson;
import com.theeye.event.Identity;
import com.theeye.event.SegmentMessage;
import com.theeye.store.DeletionCounts;
import com.theeye.store.DeletionSubject;
import com.theeye.store.EventItems;
import com.theeye.store.IdentityItems;
import com.theeye.store.IdentitySession;
import com.theeye.store.MessageClaimItems;
import com.theeye.store.StoredEvent;
import com.theeye.store.TableLayout;
import com.theeye.testsupport.AwsEmulators;
import com.theeye.testsupport.AwsTestEnvironment;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * A measurement, not a test of speed: how long the job takes, on dynalite, to delete a user with
 * 10,000 events (each with its Segment messageId claim) spread over sessions they share with
 * another user, who stays. Printed; asserted is only that the deletion is complete and exact.
 *
 * <p>{@code ./mvnw -B -ntp verify -pl deletion-function -am -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=DeletionTimingIT}, with {@code
 * -Deye.deletion.events=}, {@code -Deye.deletion.sessions=} and {@code -Deye.deletion.slots=} to
 * vary the shape and the chunks in flight.
 */
@Tag("measurement")
@ExtendWith(AwsEmulators.class)
class DeletionTimingIT {

  private static final UUID SHOP = UUID.fromString("0e302fce-66ad-4721-911e-0ab9d33697bf");
  private static final Instant RECEIVED_AT = Instant.parse("2026-03-01T12:00:00Z");

  private static final int EVENTS = Integer.getInteger("eye.deletion.events", 10_000);
  private static final int SESSIONS = Integer.getInteger("eye.deletion.sessions", 100);
  private static final int SLOTS = Integer.getInteger("eye.deletion.slots", DeletionJob.SLOTS);

  @Test
  void deletesAUserWithTenThousandEvents(AwsTestEnvironment aws) throws Exception {
    try (DeletionFixture eye = new DeletionFixture(aws)) {
      long setupStarted = System.nanoTime();
      List<UUID> sessions = new ArrayList<>();
      for (int s = 0; s < SESSIONS; s++) {
        sessions.add(UUID.randomUUID());
      }
      List<Map<String, List<WriteRequest>>> batches = new ArrayList<>();
      List<Put> puts = new ArrayList<>();
      for (int n = 0; n < EVENTS; n++) {
        puts.addAll(eventWithClaim(eye, sessions.get(n % SESSIONS), "u-bench", n));
      }
      for (int s = 0; s < SESSIONS; s++) {
        UUID session = sessions.get(s);
        puts.addAll(eventWithClaim(eye, session, "u-stays", EVENTS + s));
        puts.add(
            new Put(
                eye.tables.identities(),
                IdentityItems.toItem(
                    new IdentitySession(
                        TableLayout.userIdentity("u-bench"),
                        SHOP,
                        session,
                        RECEIVED_AT,
                        Optional.empty()))));
      }
      for (int from = 0; from < puts.size(); from += 25) {
        Map<String, List<WriteRequest>> batch = new HashMap<>();
        for (Put put : puts.subList(from, Math.min(puts.size(), from + 25))) {
          batch
              .computeIfAbsent(put.table(), t -> new ArrayList<>())
              .add(
                  WriteRequest.builder()
                      .putRequest(PutRequest.builder().item(put.item()).build())
                      .build());
        }
        batches.add(batch);
      }
      write(eye, batches);
      System.out.printf(
          "deletion timing: stored %d events of the user (+%d claims, %d mappings) in %d sessions"
              + " in %d ms%n",
          EVENTS, EVENTS, SESSIONS, SESSIONS, (System.nanoTime() - setupStarted) / 1_000_000);

      UUID deletion = eye.request(DeletionSubject.user(SHOP, "u-bench"));
      DeletionJob job =
          DeletionJob.create(eye.config, aws.dynamoDb(), aws.sqs(), Clock.systemUTC(), SLOTS);
      long started = System.nanoTime();
      JobOutcome outcome = eye.run(job, deletion);
      long millis = (System.nanoTime() - started) / 1_000_000;

      System.out.printf(
          "deletion timing: %d events in %d sessions deleted in %d ms (%d chunks in flight): %s%n",
          EVENTS, SESSIONS, millis, SLOTS, outcome.deleted());
      assertEquals(JobOutcome.Result.DONE, outcome.result());
      assertEquals(
          new DeletionCounts(EVENTS, 0, SESSIONS, EVENTS, 0), eye.record(deletion).counts());
      assertEquals(SESSIONS, eye.events().size(), "the other user's events stay");
    }
  }

  private record Put(String table, Map<String, AttributeValue> item) {}

  /** An event as the processor stores it, and its messageId's claim. */
  private static List<Put> eventWithClaim(DeletionFixture eye, UUID session, String user, int n) {
    ObjectNode data =
        ExactJson.MAPPER.createObjectNode().put("host", "shop.example").put("path", "/p/" + n);
    Event event =
        Event.identified(
            SHOP,
            session,
            "page interaction",
            "pageview",
            data,
            RECEIVED_AT.minusSeconds(n),
            RECEIVED_AT,
            new Identity(Optional.of("a-" + session), Optional.of(user)),
            ClientClock.NONE,
            new SegmentMessage(Optional.of("bench-" + n), Optional.empty()));
    return List.of(
        new Put(
            eye.tables.events(),
            EventItems.toItem(
                new StoredEvent(event, n % 8, Optional.empty(), Optional.of("1-0-0")))),
        new Put(
            eye.tables.sessions(),
            MessageClaimItems.toItem(
                SHOP, "bench-" + n, session, EventItems.occurredAtId(event), Optional.empty())));
  }

  /** Writes the batches on a few threads, retrying what dynalite leaves unprocessed. */
  private static void write(DeletionFixture eye, List<Map<String, List<WriteRequest>>> batches)
      throws Exception {
    try (ExecutorService writers = Executors.newFixedThreadPool(8)) {
      List<Future<?>> done = new ArrayList<>();
      for (Map<String, List<WriteRequest>> batch : batches) {
        done.add(
            writers.submit(
                () -> {
                  Map<String, List<WriteRequest>> left = batch;
                  while (left != null && !left.isEmpty()) {
                    Map<String, List<WriteRequest>> asked = left;
                    left =
                        eye.aws
                            .dynamoDb()
                            .batchWriteItem(b -> b.requestItems(asked))
                            .unprocessedItems();
                  }
                }));
      }
      for (Future<?> future : done) {
        future.get();
      }
    }
  }
}

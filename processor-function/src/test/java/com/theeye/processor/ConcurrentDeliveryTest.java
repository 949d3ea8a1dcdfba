package com.theeye.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.theeye.event.Event;
import com.theeye.processor.MessageResult.EventOutcome;
import com.theeye.store.EventItems;
import com.theeye.store.InvalidEventItems;
import com.theeye.store.SessionItems;
import com.theeye.store.TableLayout;
import com.theeye.store.TableNames;
import com.theeye.testsupport.AwsEmulators;
import com.theeye.testsupport.AwsTestEnvironment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Several execution environments receiving the same messages at once, as SQS at-least-once delivery
 * allows.
 */
@ExtendWith(AwsEmulators.class)
class ConcurrentDeliveryTest {

  private static final int EVENTS = 1_000;
  private static final int THREADS = 8;
  private static final int BATCH_SIZE = 10;

  @Test
  void storesEachOfAThousandEventsOnceWhenEightProcessorsDeliverOverlappingBatches(
      AwsTestEnvironment aws) throws Exception {
    TableNames tables = aws.createTables();
    UUID application = UUID.randomUUID();
    aws.putApplication(tables, application, "shop", true);
    List<UUID> sessions = IntStream.range(0, 50).mapToObj(i -> UUID.randomUUID()).toList();
    List<Event> events =
        IntStream.range(0, EVENTS)
            .mapToObj(
                i ->
                    TestEvents.pageview(
                        application, sessions.get(i % sessions.size()), "/page/" + i))
            .toList();
    // Each thread takes a window of 3/8 of the events, starting at its own offset and shuffled, so
    // every event is
    // delivered about three times, by different threads, in different orders.
    int window = EVENTS * 3 / THREADS;
    CyclicBarrier start = new CyclicBarrier(THREADS);
    List<BatchResult> results = Collections.synchronizedList(new ArrayList<>());
    ExecutorService threads = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        running.add(
            threads.submit(
                () -> {
                  List<Event> mine = new ArrayList<>();
                  for (int i = 0; i < window; i++) {
                    mine.add(events.get((thread * EVENTS / THREADS + i) % EVENTS));
                  }
                  Collections.shuffle(mine, new Random(thread));
                  try (BatchProcessor processor =
                      Processors.create(aws.dynamoDb(), tables, Map.of("BATCH_CONCURRENCY", "2"))) {
                    start.await();
                    for (int from = 0; from < mine.size(); from += BATCH_SIZE) {
                      List<QueueMessage> batch =
                          mine.subList(from, Math.min(from + BATCH_SIZE, mine.size())).stream()
                              .map(TestEvents::message)
                              .toList();
                      results.add(processor.process(batch));
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> thread : running) {
        thread.get();
      }
    } finally {
      threads.shutdownNow();
    }

    long stored = results.stream().mapToLong(r -> r.count(EventOutcome.STORED)).sum();
    long duplicates = results.stream().mapToLong(r -> r.count(EventOutcome.DUPLICATE)).sum();
    assertEquals(List.of(), results.stream().flatMap(r -> r.failedMessageIds().stream()).toList());
    assertEquals(EVENTS, stored, "each event stored by exactly one delivery");
    assertEquals((long) THREADS * window - EVENTS, duplicates);
    assertEquals(EVENTS, countEvents(aws, tables, sessions));
    assertEquals(sessions.size(), new StoredItems(aws.dynamoDb(), tables).sessions().size());
  }

  @Test
  void letsExactlyOneOfTwoApplicationsRacingForANewSessionOwnIt(AwsTestEnvironment aws)
      throws Exception {
    TableNames tables = aws.createTables();
    StoredItems stored = new StoredItems(aws.dynamoDb(), tables);
    UUID shop = UUID.randomUUID();
    UUID blog = UUID.randomUUID();
    aws.putApplication(tables, shop, "shop", true);
    aws.putApplication(tables, blog, "blog", true);
    // Several rounds, each on a fresh session, so the race is really run rather than won by whoever
    // starts first.
    for (int round = 0; round < 10; round++) {
      UUID session = UUID.randomUUID();
      Event fromShop = TestEvents.pageview(shop, session, "/shop");
      Event fromBlog = TestEvents.pageview(blog, session, "/blog");
      CyclicBarrier start = new CyclicBarrier(2);
      try (BatchProcessor first = Processors.create(aws.dynamoDb(), tables);
          BatchProcessor second = Processors.create(aws.dynamoDb(), tables);
          ExecutorService threads = Executors.newFixedThreadPool(2)) {
        Future<BatchResult> shopResult =
            threads.submit(
                () -> {
                  start.await();
                  return first.process(List.of(TestEvents.message(fromShop)));
                });
        Future<BatchResult> blogResult =
            threads.submit(
                () -> {
                  start.await();
                  return second.process(List.of(TestEvents.message(fromBlog)));
                });

        List<BatchResult> results = List.of(shopResult.get(), blogResult.get());

        assertEquals(1, results.stream().filter(r -> r.count(EventOutcome.STORED) == 1).count());
        assertEquals(1, results.stream().filter(r -> r.count(EventOutcome.INVALID) == 1).count());
      }
      String owner = ownerOf(aws, tables, session);
      Event winner = owner.equals(shop.toString()) ? fromShop : fromBlog;
      Event loser = winner == fromShop ? fromBlog : fromShop;
      assertEquals(
          List.of(winner.id()),
          stored.events().stream()
              .filter(item -> item.get(TableLayout.SESSION_ID).s().equals(session.toString()))
              .map(item -> item.get(EventItems.ID).s())
              .toList());
      assertEquals(
          "session belongs to another application",
          stored.invalidEvent(loser.id()).orElseThrow().get(InvalidEventItems.REASON).s());
    }
  }

  private static String ownerOf(AwsTestEnvironment aws, TableNames tables, UUID session) {
    return aws.dynamoDb()
        .getItem(
            b -> b.tableName(tables.sessions()).key(SessionItems.key(session)).consistentRead(true))
        .item()
        .get(SessionItems.OWNER)
        .s();
  }

  /** Counted per session with Query, as a reader of the table would. */
  private static int countEvents(AwsTestEnvironment aws, TableNames tables, List<UUID> sessions) {
    int count = 0;
    for (UUID session : sessions) {
      count +=
          aws
              .dynamoDb()
              .queryPaginator(
                  b ->
                      b.tableName(tables.events())
                          .keyConditionExpression("#session = :session")
                          .expressionAttributeNames(Map.of("#session", TableLayout.SESSION_ID))
                          .expressionAttributeValues(
                              Map.of(":session", AttributeValue.fromS(session.toString())))
                          .select("COUNT")
                          .consistentRead(true))
              .stream()
              .mapToInt(page -> page.count())
              .sum();
    }
    return count;
  }
}

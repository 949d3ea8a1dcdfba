package com.theeye.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.theeye.event.Event;
import com.theeye.store.EventItems;
import com.theeye.store.StoredEvent;
import com.theeye.testsupport.AwsEmulators;
import com.theeye.testsupport.AwsTestEnvironment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * A {@code name} query reads a bounded number of items per page and says where to go on; what the
 * ingest accepts as a category or name can be asked for.
 */
@ExtendWith(AwsEmulators.class)
class BoundedReadsTest {

  private static final UUID APP = UUID.randomUUID();
  private static final Instant T0 = Instant.parse("2026-02-20T08:00:00Z");
  private static final String EVENTS = "/api/v1/events/";

  private final AwsTestEnvironment aws;
  private final QueryFixture eye;

  BoundedReadsTest(AwsTestEnvironment aws) {
    this.aws = aws;
    this.eye = new QueryFixture(aws, Map.of("UNKNOWN_EVENT_TYPES", "accept"));
  }

  @AfterEach
  void close() {
    eye.close();
  }

  @Test
  void aRareNameInABusyCategoryAnswersAfterTheReadBudgetWithACursor() {
    // One busy shard is enough to spend the budget; written straight through the item codec, as
    // the processor would, to keep the test quick.
    int busy = IndexReader.FILTERED_READ_BUDGET * 3 / 2;
    List<Event> events = new ArrayList<>();
    UUID session = UUID.randomUUID();
    for (int i = 0; i < busy; i++) {
      events.add(QueryFixture.pageview(APP, session, "/" + i, T0.plusMillis(i)));
    }
    Event rare = QueryFixture.ctaClick(APP, session, "buy", T0.plusMillis(busy));
    events.add(rare);
    writeToShardZero(events);
    Map<String, String> query =
        Map.of(
            "category", "page interaction",
            "name", "cta click",
            "from", "2026-02-20T00:00:00Z",
            "to", "2026-02-21T00:00:00Z");

    QueryFixture.Answer first = eye.get(withLimit(query, 1));
    List<JsonNode> all = eye.all(EVENTS, query, 1);

    assertEquals(200, first.status());
    assertEquals(0, first.body().get("results").size(), "the budget ran out before the rare event");
    assertFalse(first.body().get("next").isNull(), "a cursor to resume from");
    assertEquals(List.of(rare.id()), all.stream().map(r -> r.get("id").asText()).toList());
  }

  @Test
  void aCategoryOfTwoHundredEmojiIsAcceptedAndCanBeAskedFor() {
    String emoji = "\uD83D\uDE00".repeat(150);
    Event event =
        QueryFixture.event(
            APP, UUID.randomUUID(), emoji, "pageview", "{\"host\":\"h\",\"path\":\"/\"}", T0);
    eye.store(List.of(event));

    QueryFixture.Answer answer =
        eye.get(
            Map.of(
                "category", emoji,
                "from", "2026-02-20T00:00:00Z",
                "to", "2026-02-21T00:00:00Z"));

    assertEquals(200, answer.status(), answer.body()::toString);
    assertEquals(event.id(), answer.body().at("/results/0/id").asText());
    assertTrue(answer.body().get("next").isNull());
  }

  private void writeToShardZero(List<Event> events) {
    for (int from = 0; from < events.size(); from += 25) {
      List<WriteRequest> writes =
          events.subList(from, Math.min(events.size(), from + 25)).stream()
              .map(e -> EventItems.toItem(new StoredEvent(e, 0, Optional.empty())))
              .map(item -> WriteRequest.builder().putRequest(p -> p.item(item)).build())
              .toList();
      var unprocessed = Map.of(eye.tables.events(), writes);
      while (!unprocessed.isEmpty()) {
        var pending = unprocessed;
        unprocessed =
            aws.dynamoDb().batchWriteItem(b -> b.requestItems(pending)).unprocessedItems();
      }
    }
  }

  private static Map<String, String> withLimit(Map<String, String> query, int limit) {
    Map<String, String> copy = new java.util.HashMap<>(query);
    copy.put("limit", Integer.toString(limit));
    return copy;
  }
}

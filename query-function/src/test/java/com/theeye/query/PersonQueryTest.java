package com.theeye.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.theeye.event.ClientClock;
import com.theeye.event.Event;
import com.theeye.event.ExactJson;
import com.theeye.event.Identity;
import com.theeye.event.SegmentMessage;
import com.theeye.testsupport.AwsEmulators;
import com.theeye.testsupport.AwsTestEnvironment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code GET /api/v1/events/?user_id=...} and {@code ?anonymous_id=...}: a person's events across
 * sessions and applications, by session then time, paged with signed cursors like every query,
 * another person's events in the same session left out.
 */
@ExtendWith(AwsEmulators.class)
class PersonQueryTest {

  private static final UUID SHOP = UUID.fromString("0e302fce-66ad-4721-911e-0ab9d33697bf");
  private static final UUID BLOG = UUID.fromString("7c9e6679-7425-40de-944b-e07fc1f90ae7");
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  private QueryFixture eye;

  @BeforeEach
  void setUp(AwsTestEnvironment aws) {
    eye = new QueryFixture(aws);
  }

  @AfterEach
  void close() {
    eye.close();
  }

  @Test
  void aUsersEventsComeBackFromEverySessionAndApplicationWithTheirIdentity() {
    UUID laptop = UUID.randomUUID();
    UUID phone = UUID.randomUUID();
    UUID sharedBrowser = UUID.randomUUID();
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      events.add(event(SHOP, laptop, "a-laptop", "u42", i));
      events.add(event(BLOG, phone, "a-phone", "u42", 100 + i));
    }
    events.add(event(SHOP, sharedBrowser, "a-laptop", "u7", 200));
    eye.store(events);

    List<JsonNode> all = eye.all("/api/v1/events/", Map.of("user_id", "u42"), 3);

    assertEquals(14, all.size());
    assertTrue(all.stream().allMatch(e -> e.get("user_id").asText().equals("u42")));
    assertEquals(
        7, all.stream().filter(e -> e.get("application").asText().equals(SHOP.toString())).count());
    // By session, then time: each session's events together, in order.
    List<String> sessions = all.stream().map(e -> e.get("session_id").asText()).distinct().toList();
    assertEquals(2, sessions.size());
    JsonNode first = all.getFirst();
    assertEquals("m-" + first.get("data").get("n").asText(), first.get("message_id").asText());
    assertEquals("track", first.get("segment").get("type").asText());
    assertTrue(first.get("unplanned").asBoolean());
  }

  @Test
  void anApplicationAndATimeRangeNarrowItAndAnotherPersonInTheSessionIsLeftOut() {
    UUID browser = UUID.randomUUID();
    eye.store(
        List.of(
            event(SHOP, browser, "a-1", null, 0),
            event(SHOP, browser, "a-1", "u1", 1),
            event(SHOP, browser, "a-1", "u2", 2),
            event(BLOG, UUID.randomUUID(), "a-1", null, 3)));

    List<JsonNode> anonymous = eye.all("/api/v1/events/", Map.of("anonymous_id", "a-1"), 100);
    List<JsonNode> inShop =
        eye.all(
            "/api/v1/events/",
            Map.of(
                "anonymous_id", "a-1",
                "application", SHOP.toString(),
                "from", "2026-03-01T10:00:01Z",
                "to", "2026-03-01T11:00:00Z"),
            100);
    List<JsonNode> user1 = eye.all("/api/v1/events/", Map.of("user_id", "u1"), 100);

    assertEquals(4, anonymous.size());
    assertEquals(2, inShop.size());
    assertEquals(1, user1.size());
    assertEquals("u1", user1.getFirst().get("user_id").asText());
  }

  @Test
  void badParametersAreRefusedAsTheOtherQueriesRefuseThem() {
    assertEquals(400, eye.get(Map.of("user_id", "u", "anonymous_id", "a")).status());
    assertEquals(
        json("{\"application\":[\"Must be a valid UUID.\"]}"),
        eye.get(Map.of("user_id", "u", "application", "shop")).body());
    assertEquals(
        json("{\"to\":[\"This field is required.\"]}"),
        eye.get(Map.of("user_id", "u", "from", "2026-03-01T00:00Z")).body());
    assertEquals(
        400, eye.get(Map.of("user_id", "u", "session_id", UUID.randomUUID().toString())).status());
    assertEquals(400, eye.get(Map.of("user_id", "u", "cursor", "forged.cursor")).status());
    assertEquals(200, eye.get(Map.of("user_id", "nobody")).status());
  }

  private static Event event(
      UUID application, UUID session, String anonymousId, String userId, int n) {
    return Event.identified(
        application,
        session,
        "track",
        "Clicked",
        (com.fasterxml.jackson.databind.node.ObjectNode) json("{\"n\":" + n + "}"),
        T0.plusSeconds(n),
        QueryFixture.RECEIVED_AT,
        new Identity(Optional.ofNullable(anonymousId), Optional.ofNullable(userId)),
        ClientClock.NONE,
        new SegmentMessage(
            Optional.of("m-" + n),
            Optional.of(
                (com.fasterxml.jackson.databind.node.ObjectNode) json("{\"type\":\"track\"}"))));
  }

  private static JsonNode json(String text) {
    try {
      return ExactJson.MAPPER.readTree(text);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}

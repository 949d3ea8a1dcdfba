package com.theeye.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.segment.analytics.Analytics;
import com.segment.analytics.Callback;
import com.segment.analytics.messages.AliasMessage;
import com.segment.analytics.messages.GroupMessage;
import com.segment.analytics.messages.IdentifyMessage;
import com.segment.analytics.messages.Message;
import com.segment.analytics.messages.PageMessage;
import com.segment.analytics.messages.ScreenMessage;
import com.segment.analytics.messages.TrackMessage;
import com.theeye.testsupport.Eventually;
import com.theeye.testsupport.Fixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Segment's own Java library ({@code com.segment.analytics.java:analytics}, unmodified) pointed at
 * the local runner with the application id as its write key: every message it sends comes back from
 * the queries by person with its properties, and a message sent twice with one messageId is stored
 * once.
 */
class AnalyticsJavaTest {

  private static final String APPLICATION = LocalSettings.SEED_APPLICATION.toString();

  @TempDir static Path data;
  private static LocalEye eye;
  private static LocalApi api;

  @BeforeAll
  static void start() {
    eye = LocalEye.start(TestRunners.settings(data), Fixtures.repoRoot(), Map.of());
    api = new LocalApi(eye, APPLICATION);
  }

  @AfterAll
  static void stop() {
    if (eye != null) {
      eye.close();
    }
  }

  @Test
  void everyMessageOfAnalyticsJavaIsStoredAndServedByPerson() throws Exception {
    String user = "java-user-" + UUID.randomUUID();
    String anonymous = "java-anon-" + UUID.randomUUID();
    String repeatedId = UUID.randomUUID().toString();
    List<Message> delivered = Collections.synchronizedList(new ArrayList<>());
    List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    Analytics analytics =
        Analytics.builder(APPLICATION)
            .endpoint(eye.baseUrl())
            .callback(
                new Callback() {
                  @Override
                  public void success(Message message) {
                    delivered.add(message);
                  }

                  @Override
                  public void failure(Message message, Throwable throwable) {
                    failures.add(throwable);
                  }
                })
            .build();
    try {
      analytics.enqueue(
          TrackMessage.builder("Order Completed")
              .userId(user)
              .anonymousId(anonymous)
              .messageId(repeatedId)
              .properties(Map.of("total", 10, "currency", "EUR")));
      analytics.enqueue(
          TrackMessage.builder("Order Completed")
              .userId(user)
              .anonymousId(anonymous)
              .messageId(repeatedId)
              .properties(Map.of("total", 10, "currency", "EUR")));
      analytics.enqueue(
          IdentifyMessage.builder()
              .userId(user)
              .anonymousId(anonymous)
              .traits(Map.of("plan", "pro")));
      analytics.enqueue(
          PageMessage.builder("Home")
              .userId(user)
              .anonymousId(anonymous)
              .properties(Map.of("path", "/")));
      analytics.enqueue(
          ScreenMessage.builder("Settings").userId(user).properties(Map.of("tab", "privacy")));
      analytics.enqueue(GroupMessage.builder("acme").userId(user).traits(Map.of("seats", 5)));
      analytics.enqueue(AliasMessage.builder("old-" + user).userId(user));
      analytics.flush();
      Eventually.await(
          Duration.ofSeconds(30),
          () -> delivered.size() + failures.size(),
          count -> count >= 7,
          "7 deliveries");
    } finally {
      analytics.shutdown();
    }
    assertEquals(List.of(), failures);

    List<JsonNode> stored =
        Eventually.await(
            Duration.ofSeconds(30),
            () -> api.all(LocalApi.EVENTS, Map.of("user_id", user)),
            all -> all.size() >= 6,
            "six events of the user served");
    assertEquals(6, stored.size(), "the repeated messageId is stored once: " + stored);
    JsonNode order = byName(stored, "Order Completed");
    assertEquals(10, order.path("data").path("total").asInt());
    assertEquals(repeatedId, order.path("message_id").asText());
    assertEquals(anonymous, order.path("anonymous_id").asText());
    assertEquals(
        "analytics-java",
        order.path("segment").path("context").path("library").path("name").asText());
    assertEquals("pro", byCategory(stored, "identify").path("data").path("plan").asText());
    assertEquals("/", byName(stored, "Home").path("data").path("path").asText());
    assertEquals("privacy", byName(stored, "Settings").path("data").path("tab").asText());
    assertEquals("acme", byCategory(stored, "group").path("segment").path("groupId").asText());
    assertEquals(
        "old-" + user, byCategory(stored, "alias").path("segment").path("previousId").asText());
    // identify has a schema (schemas/identify/identify.json); every other type here has none.
    assertTrue(
        stored.stream()
            .allMatch(
                e ->
                    e.path("unplanned").asBoolean()
                        != e.path("category").asText().equals("identify")),
        "only the types without a schema are unplanned: " + stored);
    List<JsonNode> byAnonymousId = api.all(LocalApi.EVENTS, Map.of("anonymous_id", anonymous));
    assertEquals(3, byAnonymousId.size(), "the order, the identify and the page");
    System.out.println("analytics-java stored: " + stored);
  }

  private static JsonNode byName(List<JsonNode> events, String name) {
    return events.stream()
        .filter(e -> e.path("name").asText().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static JsonNode byCategory(List<JsonNode> events, String category) {
    return events.stream()
        .filter(e -> e.path("category").asText().equals(category))
        .findFirst()
        .orElseThrow();
  }
}

package com.theeye.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.theeye.store.EventItems;
import com.theeye.testsupport.Eventually;
import com.theeye.testsupport.Fixtures;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Forgetting a person on {@code make run}, through the API as the data team would: {@code DELETE
 * /api/v1/users/{id}} while the person and others keep sending, then {@code GET
 * /api/v1/deletions/{id}} until done. Nothing of the person is left in Events or InvalidEvents,
 * what they send afterwards is suppressed, every other person's event answered 202 is stored, and
 * the minutes reconcile with the suppressed events counted.
 */
class PersonDeletionTest {

  private static final String APPLICATION = LocalSettings.SEED_APPLICATION.toString();
  private static final Duration DONE_WITHIN = Duration.ofSeconds(180);

  /**
   * Short enough for a test, and what makes it honest: the processor remembers a person's standing
   * for 1 s, and the job's last sweep waits 5 s after the request for events already past that
   * check.
   */
  private static final Map<String, String> QUICK_SUPPRESSION =
      Map.of("SUPPRESSION_CACHE_SECONDS", "1", "DELETION_SETTLE_SECONDS", "5");

  @TempDir Path data;

  @Test
  void deletesAUserWhileTheyAndOthersKeepSendingAndSuppressesWhatTheySendAfter() throws Exception {
    Instant from = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    try (LocalEye eye =
        LocalEye.start(TestRunners.settings(data), Fixtures.repoRoot(), QUICK_SUPPRESSION)) {
      LocalApi api = new LocalApi(eye, APPLICATION);
      String deleted = "user-" + UUID.randomUUID();
      String kept = "user-" + UUID.randomUUID();
      Set<String> keptIds = ConcurrentHashMap.newKeySet();
      for (int i = 0; i < 10; i++) {
        accept(api, deleted, "/before/" + i);
        keptIds.add(accept(api, kept, "/before/" + i));
      }
      Eventually.await(
          Duration.ofSeconds(60),
          () -> stored(eye, deleted),
          count -> count == 10,
          "the user's first events stored");

      AtomicBoolean sending = new AtomicBoolean(true);
      List<Throwable> sendFailures = new java.util.concurrent.CopyOnWriteArrayList<>();
      Thread both =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      for (int i = 0; sending.get(); i++) {
                        accept(api, deleted, "/during/" + i);
                        keptIds.add(accept(api, kept, "/during/" + i));
                      }
                    } catch (Throwable e) {
                      sendFailures.add(e);
                    }
                  });
      HttpResponse<String> asked =
          api.delete("/api/v1/users/" + deleted, Map.of("application", APPLICATION));
      assertEquals(202, asked.statusCode(), asked::body);
      String deletion = LocalApi.json(asked.body()).path("deletion").asText();

      JsonNode done = awaitDone(api, deletion);
      sending.set(false);
      both.join();
      assertEquals(List.of(), sendFailures, "every event sent during the deletion answered 202");
      List<String> after = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        after.add(accept(api, deleted, "/after/" + i));
        keptIds.add(accept(api, kept, "/after/" + i));
      }

      JsonNode totals = AccountingTest.awaitReconciled(api, from);
      assertEquals(0, stored(eye, deleted), "nothing of the deleted user is stored");
      assertEquals(0, invalid(eye, deleted), "nor kept as invalid");
      assertEquals(keptIds, storedIds(eye, kept), "every event of the other user is stored");
      assertTrue(
          done.path("deleted").path("events").asLong() >= 10, "the deletion counts: " + done);
      assertTrue(
          totals.path("suppressed").asLong() >= after.size(),
          "what the user sent after the deletion is suppressed: " + totals);
      assertFalse(done.toString().contains(deleted), "the status never names the user");
    }
  }

  @Test
  void aSecondDeletionOfThePersonJoinsTheFirstAndAPersonWithNoDataIsDoneWithZeroCounts()
      throws Exception {
    try (LocalEye eye =
        LocalEye.start(TestRunners.settings(data), Fixtures.repoRoot(), QUICK_SUPPRESSION)) {
      LocalApi api = new LocalApi(eye, APPLICATION);
      String nobody = "user-" + UUID.randomUUID();

      HttpResponse<String> first =
          api.delete("/api/v1/users/" + nobody, Map.of("application", APPLICATION));
      HttpResponse<String> second =
          api.delete("/api/v1/users/" + nobody, Map.of("application", APPLICATION));

      assertEquals(202, first.statusCode(), first::body);
      assertEquals(202, second.statusCode(), second::body);
      String deletion = LocalApi.json(first.body()).path("deletion").asText();
      assertEquals(deletion, LocalApi.json(second.body()).path("deletion").asText());
      JsonNode done = awaitDone(api, deletion);
      assertEquals(0, done.path("deleted").path("events").asLong(), done::toString);
      assertEquals(0, done.path("deleted").path("identities").asLong(), done::toString);
    }
  }

  private static String accept(LocalApi api, String user, String path) {
    HttpResponse<String> response =
        api.post(
            "{\"session_id\": \""
                + UUID.nameUUIDFromBytes(user.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                + "\", \"user_id\": \""
                + user
                + "\", \"category\": \"page interaction\", \"name\": \"pageview\","
                + " \"data\": {\"host\": \"deletion.example\", \"path\": \""
                + path
                + "\"}, \"timestamp\": \""
                + Instant.now()
                + "\"}");
    assertEquals(202, response.statusCode(), response::body);
    return LocalApiClient.acceptedId(response);
  }

  private static JsonNode awaitDone(LocalApi api, String deletion) {
    return Eventually.await(
        DONE_WITHIN,
        () -> {
          HttpResponse<String> response = api.get("/api/v1/deletions/" + deletion, Map.of());
          assertEquals(200, response.statusCode(), response::body);
          return LocalApi.json(response.body());
        },
        status -> status.path("status").asText().equals("done"),
        "deletion " + deletion + " done");
  }

  private static int stored(LocalEye eye, String user) {
    return storedIds(eye, user).size();
  }

  private static Set<String> storedIds(LocalEye eye, String user) {
    Set<String> ids = new HashSet<>();
    // A Scan, not the query API: the API finds a person through the Identities table, which the
    // deletion empties first of all; the table itself is what must hold nothing.
    eye.dynamoDb()
        .scanPaginator(
            b ->
                b.tableName(LocalResources.TABLES.events())
                    .consistentRead(true)
                    .filterExpression("#user = :user")
                    .expressionAttributeNames(Map.of("#user", EventItems.USER_ID))
                    .expressionAttributeValues(Map.of(":user", AttributeValue.fromS(user))))
        .items()
        .forEach(item -> ids.add(item.get(EventItems.ID).s()));
    return ids;
  }

  private static int invalid(LocalEye eye, String user) {
    // An invalid event keeps its message as received: the user id is inside it.
    return (int)
        eye
            .dynamoDb()
            .scanPaginator(
                b -> b.tableName(LocalResources.TABLES.invalidEvents()).consistentRead(true))
            .items()
            .stream()
            .filter(item -> item.toString().contains(user))
            .count();
  }
}

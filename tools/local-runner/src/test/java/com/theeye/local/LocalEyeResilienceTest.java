package com.theeye.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.theeye.event.ExactJson;
import com.theeye.store.TableLayout;
import com.theeye.testsupport.Eventually;
import com.theeye.testsupport.Fixtures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The local runner under bad luck: its dynalite killed mid-run. */
class LocalEyeResilienceTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path data;

  @Test
  void aKilledDynaliteIsRestartedAndEveryEventAnswered202IsStored() throws Exception {
    String session = UUID.randomUUID().toString();
    Set<String> accepted = new HashSet<>();
    try (LocalEye eye = LocalEye.start(settings(data), Fixtures.repoRoot())) {
      for (int i = 0; i < 20; i++) {
        accept(eye, session, i, accepted);
      }
      ProcessHandle dynalite =
          ProcessHandle.current()
              .descendants()
              .filter(p -> p.info().commandLine().orElse("").contains(data.toString()))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no dynalite child for " + data));
      dynalite.destroyForcibly();
      dynalite.onExit().join();
      for (int i = 20; i < 40; i++) {
        accept(eye, session, i, accepted);
      }

      Set<String> stored =
          Eventually.await(
              Duration.ofSeconds(60),
              () -> storedIds(eye, session),
              ids -> ids.containsAll(accepted),
              "every accepted event stored after dynalite's restart");

      assertEquals(accepted, stored, "count answered 202 == count stored");
    }
  }

  private static void accept(LocalEye eye, String session, int i, Set<String> accepted)
      throws Exception {
    String body =
        "{\"session_id\": \""
            + session
            + "\", \"category\": \"page interaction\", \"name\": \"pageview\","
            + " \"data\": {\"host\": \"h\", \"path\": \"/"
            + i
            + "\"}, \"timestamp\": \"2026-01-01T00:00:00Z\"}";
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(eye.baseUrl() + "/api/v1/events/"))
                .header("application", LocalSettings.SEED_APPLICATION.toString())
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() == 202) {
      accepted.add(ExactJson.MAPPER.readTree(response.body()).get("id").asText());
    } else {
      assertEquals(503, response.statusCode(), response.body());
    }
  }

  private static Set<String> storedIds(LocalEye eye, String session) {
    try {
      List<Map<String, AttributeValue>> items =
          eye.dynamoDb()
              .query(
                  b ->
                      b.tableName(LocalResources.TABLES.events())
                          .keyConditionExpression("#s = :s")
                          .expressionAttributeNames(Map.of("#s", TableLayout.SESSION_ID))
                          .expressionAttributeValues(Map.of(":s", AttributeValue.fromS(session))))
              .items();
      Set<String> ids = new HashSet<>();
      items.forEach(item -> ids.add(item.get("id").s()));
      return ids;
    } catch (RuntimeException e) {
      return Set.of(); // dynalite is being restarted
    }
  }

  private static LocalSettings settings(Path data) {
    return TestRunners.settings(data);
  }
}

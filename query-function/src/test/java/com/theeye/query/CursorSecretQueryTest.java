package com.theeye.query;

import static com.theeye.query.QueryFixture.pageview;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.theeye.event.Event;
import com.theeye.event.ExactJson;
import com.theeye.http.ApiPriming;
import com.theeye.signing.CursorKeys;
import com.theeye.testsupport.AwsEmulators;
import com.theeye.testsupport.AwsTestEnvironment;
import com.theeye.testsupport.MutableClock;
import com.theeye.testsupport.SecretsManagerFake;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The query function against a fake of Secrets Manager: it starts, primes and answers 503 with
 * {@code Retry-After} while its cursor secret cannot be read, serves once it can, and pages through
 * a rotation.
 */
@ExtendWith(AwsEmulators.class)
class CursorSecretQueryTest {

  private static final UUID APP = UUID.randomUUID();
  private static final Instant T0 = Instant.parse("2026-02-20T08:00:00Z");
  private static final String FIRST = "first-cursor-key-".repeat(4);
  private static final String ROTATED = "rotated-cursor-key-".repeat(4);
  private static final Duration REFRESH = Duration.ofMinutes(5);

  private final AwsTestEnvironment aws;
  private final SecretsManagerFake secrets;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T00:00:00Z"));
  private final List<String> warnings = new CopyOnWriteArrayList<>();
  private final List<AutoCloseable> closing = new ArrayList<>();

  CursorSecretQueryTest(AwsTestEnvironment aws) throws IOException {
    this.aws = aws;
    this.secrets = new SecretsManagerFake(FIRST);
    closing.add(secrets);
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable resource : closing.reversed()) {
      resource.close();
    }
  }

  @Test
  void aQueryIsAnswered503WithRetryAfterWhileTheSecretIsDeniedAndServedOnceItIsGranted() {
    secrets.deny();
    QueryFixture eye = eye(secrets.client());
    UUID session = UUID.randomUUID();
    eye.store(List.of(pageview(APP, session, "/", T0)));

    QueryFixture.Answer denied = eye.get(Map.of("session_id", session.toString()));

    assertEquals(503, denied.status(), denied.body()::toString);
    assertEquals("5", denied.headers().get("retry-after"));
    assertEquals(
        ExactJson.MAPPER.createObjectNode().put("detail", QueryService.NO_CURSOR_KEY),
        denied.body());
    JsonNode line = denied.logLine();
    assertEquals("ERROR", line.get("level").asText());
    assertEquals(503, line.get("status").asInt());
    assertTrue(
        line.get("problem").asText().startsWith("cursor key unavailable: AccessDeniedException"),
        line::toString);
    assertEquals(1, warnings.size(), warnings::toString);
    assertTrue(
        warnings.getFirst().contains("\"function_request_id\":\"" + denied.requestId() + "\""),
        "a warning written inside the service names the request too: " + warnings);

    secrets.grant();
    clock.advance(CursorKeys.FIRST_READ_RETRY);
    QueryFixture.Answer granted = eye.get(Map.of("session_id", session.toString()));

    assertEquals(200, granted.status(), granted.body()::toString);
    assertEquals(1, granted.body().path("results").size());
  }

  @Test
  void aRequestRefusedForItsParametersNeedsNoKey() {
    secrets.deny();
    QueryFixture eye = eye(secrets.client());

    QueryFixture.Answer answer = eye.get(Map.of("session_id", "not-a-uuid"));

    assertEquals(400, answer.status(), answer.body()::toString);
    assertEquals(0, secrets.calls());
  }

  @Test
  void aSecretNeverReadableKeepsQueriesAt503AndSecretsManagerAtOneCallPerRetry() {
    secrets.deny();
    QueryFixture eye = eye(secrets.client());
    Map<String, String> query = Map.of("session_id", UUID.randomUUID().toString());

    for (int retry = 1; retry <= 3; retry++) {
      for (int i = 0; i < 4; i++) {
        assertEquals(503, eye.get(query).status());
      }
      assertEquals(retry, secrets.calls());
      clock.advance(CursorKeys.FIRST_READ_RETRY);
    }
  }

  @Test
  void primingTakesTheWholeReadPathWhileTheSecretIsDeniedAndSaysSoOnce() {
    secrets.deny();
    QueryFixture eye = eye(secrets.client());

    ApiPriming priming = QueryPriming.of(eye.service()::prime, Optional.empty());
    for (ApiPriming.Exchange exchange : priming.exchanges()) {
      assertEquals(
          exchange.status(),
          priming.service().apply(exchange.request()).response().status(),
          "priming gets the answers it must get, so it never fails for the secret");
    }
    assertDoesNotThrow(() -> eye.handler().beforeCheckpoint(null));

    assertEquals(1, secrets.calls(), "one read, then the retry's wait: " + warnings);
    assertEquals(1, warnings.size(), warnings::toString);
    assertTrue(warnings.getFirst().contains("\"message\":\"cursor key unavailable\""));
    assertEquals(503, eye.get(Map.of("session_id", UUID.randomUUID().toString())).status());
  }

  @Test
  void primingWithAReadableSecretReadsItOnceSoTheSnapshotHoldsTheKey() {
    QueryFixture eye = eye(secrets.client());

    eye.handler().beforeCheckpoint(null);

    assertEquals(1, secrets.reads(), "the current version; there is no previous one yet");
    assertEquals(200, eye.get(Map.of("session_id", UUID.randomUUID().toString())).status());
    assertEquals(1, secrets.reads(), "the key read while priming serves the first query");
  }

  @Test
  void primingNeverHangsOnASecretsManagerThatDoesNotAnswer() throws IOException {
    // Connections are accepted (the backlog) and never answered: the client's call timeout ends
    // the one read, and priming goes on with a throwaway key.
    ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    closing.add(silent);
    SecretsManagerClient client =
        SecretsManagerFake.clientFor(URI.create("http://127.0.0.1:" + silent.getLocalPort()));
    closing.add(client);
    QueryFixture eye = eye(client);

    assertDoesNotThrow(() -> eye.handler().beforeCheckpoint(null));

    QueryFixture.Answer answer = eye.get(Map.of("session_id", UUID.randomUUID().toString()));
    assertEquals(503, answer.status());
    String problem = answer.logLine().get("problem").asText();
    assertTrue(problem.startsWith("cursor key unavailable: ApiCallTimeoutException"), problem);
  }

  @Test
  void aClientPagingThroughARotationIsNotCutOffButACursorTwoRotationsOldIsRefused() {
    QueryFixture eye = eye(secrets.client());
    UUID session = UUID.randomUUID();
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      events.add(pageview(APP, session, "/" + i, T0.plusSeconds(i)));
    }
    eye.store(events);
    Map<String, String> firstPage = Map.of("session_id", session.toString(), "limit", "1");
    String signedBeforeRotation = next(eye.get(firstPage));

    secrets.rotateTo(ROTATED);
    clock.advance(REFRESH);
    QueryFixture.Answer afterRotation = eye.get(withCursor(firstPage, signedBeforeRotation));
    String signedAfterRotation = next(afterRotation);

    assertEquals(200, afterRotation.status(), "the previous key still verifies");
    assertFalse(signedAfterRotation.isEmpty());
    secrets.rotateTo("third-cursor-key-".repeat(4));
    clock.advance(REFRESH);
    assertEquals(200, eye.get(withCursor(firstPage, signedAfterRotation)).status());
    QueryFixture.Answer twoRotationsOld = eye.get(withCursor(firstPage, signedBeforeRotation));
    assertEquals(400, twoRotationsOld.status());
    assertEquals("{\"cursor\":[\"Invalid cursor.\"]}", twoRotationsOld.body().toString());
  }

  private QueryFixture eye(SecretsManagerClient client) {
    CursorKeys keys =
        CursorKeys.fromSecret(client, SecretsManagerFake.SECRET_ARN, REFRESH, clock, warnings::add);
    QueryFixture eye = new QueryFixture(aws, keys);
    closing.add(eye);
    return eye;
  }

  private static Map<String, String> withCursor(Map<String, String> query, String cursor) {
    Map<String, String> copy = new java.util.HashMap<>(query);
    copy.put("cursor", cursor);
    return copy;
  }

  private static String next(QueryFixture.Answer answer) {
    assertEquals(200, answer.status(), answer.body()::toString);
    JsonNode next = answer.body().path("next");
    assertFalse(next.isNull(), "a next page");
    return next.asText();
  }
}

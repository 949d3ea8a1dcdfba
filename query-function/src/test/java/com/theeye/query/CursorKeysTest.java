package com.theeye.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.theeye.testsupport.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The cursor key comes from Secrets Manager at init and follows a rotation without a deploy. */
class CursorKeysTest {

  private static final String FIRST = "a".repeat(64);
  private static final String ROTATED = "b".repeat(64);
  private static final Duration REFRESH = Duration.ofMinutes(5);

  private final SecretsManagerFake secrets;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T00:00:00Z"));
  private final List<String> warnings = new ArrayList<>();

  CursorKeysTest() throws Exception {
    secrets = new SecretsManagerFake(FIRST);
  }

  @AfterEach
  void stopFake() {
    secrets.close();
  }

  @Test
  void readsTheSecretOnceWhenTheFunctionStarts() {
    CursorKeys keys = keys();

    assertEquals(1, secrets.reads(), "the current version; a secret never rotated has no previous");
    assertEquals(key(FIRST), keys.signing());
    clock.advance(REFRESH.minusSeconds(1));
    keys.signing();
    keys.verifying();
    assertEquals(1, secrets.reads(), "no call before the refresh is due");
  }

  @Test
  void signsWithTheRotatedKeyOnceTheRefreshIsDue() {
    CursorKeys keys = keys();
    secrets.rotateTo(ROTATED);

    clock.advance(REFRESH);

    assertEquals(key(ROTATED), keys.signing());
    assertEquals(3, secrets.reads(), "once at init, then the current and the previous version");
  }

  @Test
  void stillVerifiesCursorsSignedWithTheKeyBeforeTheRotation() {
    CursorKeys keys = keys();
    secrets.rotateTo(ROTATED);
    clock.advance(REFRESH);

    assertEquals(List.of(key(ROTATED), key(FIRST)), keys.verifying());
  }

  @Test
  void anEnvironmentStartedAfterARotationAlsoKnowsThePreviousKey() {
    secrets.rotateTo(ROTATED);

    assertEquals(List.of(key(ROTATED), key(FIRST)), keys().verifying());
  }

  @Test
  void keepsItsKeyWhenSecretsManagerFailsAndTriesAgainLater() {
    CursorKeys keys = keys();
    secrets.rotateTo(ROTATED);
    secrets.goDown();
    clock.advance(REFRESH);

    assertEquals(key(FIRST), keys.signing());
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(
        warnings.getFirst().contains("\"message\":\"cursor key refresh failed\""),
        warnings.toString());
    assertTrue(warnings.getFirst().contains("\"level\":\"WARN\""), warnings.toString());

    secrets.recover();
    clock.advance(CursorKeys.RETRY_AFTER.minusSeconds(1));
    assertEquals(key(FIRST), keys.signing(), "waits before trying again");
    clock.advance(Duration.ofSeconds(1));
    assertEquals(key(ROTATED), keys.signing());
  }

  @Test
  void refusesToStartWithAShortSecretWithoutShowingIt() throws Exception {
    try (SecretsManagerFake weak = new SecretsManagerFake("short-secret")) {
      IllegalStateException e =
          assertThrows(
              IllegalStateException.class,
              () ->
                  CursorKeys.fromSecret(
                      weak.client(), SecretsManagerFake.SECRET_ARN, REFRESH, clock, warnings::add));
      assertFalse(e.getMessage().contains("short-secret"), e.getMessage());
    }
  }

  private CursorKeys keys() {
    return CursorKeys.fromSecret(
        secrets.client(), SecretsManagerFake.SECRET_ARN, REFRESH, clock, warnings::add);
  }

  private static SecretKeySpec key(String value) {
    return new SecretKeySpec(value.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
  }
}

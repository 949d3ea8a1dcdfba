package com.theeye.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.theeye.signing.CursorKeys;
import com.theeye.testsupport.MutableClock;
import com.theeye.testsupport.SecretsManagerFake;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The cursor key comes from Secrets Manager when a query first needs it, never at init, and follows
 * a rotation without a deploy.
 */
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
  void readsNothingUntilAKeyIsFirstNeeded() {
    secrets.deny();

    keys();

    assertEquals(0, secrets.calls(), "the function starts whatever the secret's state");
  }

  @Test
  void readsTheSecretWhenAKeyIsFirstNeededAndNotAgainBeforeTheRefreshIsDue() {
    CursorKeys keys = keys();

    assertEquals(Optional.empty(), keys.unavailable());
    assertEquals(1, secrets.reads(), "the current version; a secret never rotated has no previous");
    assertEquals(key(FIRST), keys.signing());
    clock.advance(REFRESH.minusSeconds(1));
    keys.signing();
    keys.verifying();
    keys.unavailable();
    assertEquals(1, secrets.reads(), "no call before the refresh is due");
  }

  @Test
  void aSecretDeniedAtFirstIsUnavailableUntilItIsGrantedThenUsed() {
    secrets.deny();
    CursorKeys keys = keys();

    Optional<String> problem = keys.unavailable();

    assertTrue(problem.orElseThrow().startsWith("AccessDeniedException: "), problem::toString);
    assertTrue(problem.get().contains("secretsmanager:GetSecretValue"), problem::toString);
    assertEquals(1, warnings.size(), warnings::toString);
    assertTrue(warnings.getFirst().contains("\"level\":\"WARN\""), warnings::toString);
    assertTrue(
        warnings.getFirst().contains("\"message\":\"cursor key unavailable\""), warnings::toString);
    assertThrows(IllegalStateException.class, keys::signing, "ask unavailable() first");

    secrets.grant();
    clock.advance(CursorKeys.FIRST_READ_RETRY.minusSeconds(1));
    assertTrue(keys.unavailable().isPresent(), "waits before reading again");
    assertEquals(1, secrets.calls(), "however many queries ask meanwhile");
    clock.advance(Duration.ofSeconds(1));
    assertEquals(Optional.empty(), keys.unavailable());
    assertEquals(key(FIRST), keys.signing());
  }

  @Test
  void aSecretNeverReadableStaysUnavailableAndIsReadAtMostOncePerRetry() {
    secrets.deny();
    CursorKeys keys = keys();

    for (int attempt = 1; attempt <= 4; attempt++) {
      for (int query = 0; query < 5; query++) {
        assertTrue(keys.unavailable().isPresent());
      }
      assertEquals(attempt, secrets.calls());
      clock.advance(CursorKeys.FIRST_READ_RETRY);
    }
    assertEquals(4, warnings.size(), "one line per failed read, not per query");
  }

  @Test
  void signsWithTheRotatedKeyOnceTheRefreshIsDue() {
    CursorKeys keys = keys();
    assertEquals(key(FIRST), keys.signing());
    secrets.rotateTo(ROTATED);

    clock.advance(REFRESH);

    assertEquals(key(ROTATED), keys.signing());
    assertEquals(3, secrets.reads(), "the first read, then the current and the previous version");
  }

  @Test
  void stillVerifiesCursorsSignedWithTheKeyBeforeTheRotation() {
    CursorKeys keys = keys();
    keys.signing();
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
    keys.signing();
    secrets.rotateTo(ROTATED);
    secrets.goDown();
    clock.advance(REFRESH);

    assertEquals(key(FIRST), keys.signing());
    assertEquals(Optional.empty(), keys.unavailable(), "a key once read stays usable");
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
  void keepsItsKeyWhenTheRoleLosesAccessAfterTheFirstRead() {
    CursorKeys keys = keys();
    keys.signing();
    secrets.deny();
    clock.advance(REFRESH);

    assertEquals(Optional.empty(), keys.unavailable());
    assertEquals(key(FIRST), keys.signing());
  }

  @Test
  void aShortSecretIsUnavailableWithAReasonThatNeverShowsIt() throws Exception {
    try (SecretsManagerFake weak = new SecretsManagerFake("short-secret")) {
      CursorKeys keys =
          CursorKeys.fromSecret(
              weak.client(), SecretsManagerFake.SECRET_ARN, REFRESH, clock, warnings::add);

      String problem = keys.unavailable().orElseThrow();

      assertTrue(problem.contains("at least 32 characters"), problem);
      assertFalse(problem.contains("short-secret"), problem);
      assertFalse(warnings.toString().contains("short-secret"), warnings::toString);
      weak.rotateTo(FIRST);
      clock.advance(CursorKeys.FIRST_READ_RETRY);
      assertEquals(
          Optional.empty(), keys.unavailable(), "a corrected secret is used without a deploy");
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

package com.theeye.query;

import com.theeye.log.LogLine;
import com.theeye.log.LogLine.Level;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * The HMAC keys cursors are signed with, read from a Secrets Manager secret when the function
 * starts and read again once {@code refreshEvery} has passed, so a rotated secret takes effect
 * without a deploy and the key never sits in the function's configuration. The secret's previous
 * version (stage {@code AWSPREVIOUS}) is read too: cursors signed before a rotation still verify,
 * in every execution environment, so a paging client is not cut off mid-way.
 *
 * <p>A failed refresh keeps the key in use and is retried after {@link #RETRY_AFTER}: a Secrets
 * Manager outage must not stop queries whose key is known.
 */
public final class CursorKeys {

  /** Characters a signing key needs at least: a shorter one would make forgeries cheaper. */
  static final int MIN_KEY_CHARACTERS = QueryConfig.MIN_SIGNING_KEY_CHARACTERS;

  /** How long a failed refresh waits before the next try. */
  static final Duration RETRY_AFTER = Duration.ofSeconds(30);

  private static final String ALGORITHM = "HmacSHA256";
  private static final String CURRENT = "AWSCURRENT";
  private static final String PREVIOUS = "AWSPREVIOUS";

  /** The secret's current value, then its previous one when it has one. */
  private final Supplier<List<String>> source;

  private final Duration refreshEvery;
  private final Clock clock;
  private final Consumer<String> warnings;

  private List<SecretKeySpec> keys;
  private Instant nextRefresh;

  private CursorKeys(
      Supplier<List<String>> source,
      Duration refreshEvery,
      Clock clock,
      Consumer<String> warnings) {
    this.source = source;
    this.refreshEvery = refreshEvery;
    this.clock = clock;
    this.warnings = warnings;
    // Read now, at init: a secret the function cannot read fails the start, not the first query.
    this.keys = read();
    this.nextRefresh = clock.instant().plus(refreshEvery);
  }

  /**
   * Keys from the secret {@code secretId} (its ARN), read now and again every {@code refreshEvery}.
   *
   * @param warnings where a failed refresh is reported, as one JSON log line
   */
  public static CursorKeys fromSecret(
      SecretsManagerClient secrets,
      String secretId,
      Duration refreshEvery,
      Clock clock,
      Consumer<String> warnings) {
    Objects.requireNonNull(secretId, "secretId");
    return new CursorKeys(() -> versions(secrets, secretId), refreshEvery, clock, warnings);
  }

  private static List<String> versions(SecretsManagerClient secrets, String secretId) {
    String current =
        secrets.getSecretValue(r -> r.secretId(secretId).versionStage(CURRENT)).secretString();
    try {
      String previous =
          secrets.getSecretValue(r -> r.secretId(secretId).versionStage(PREVIOUS)).secretString();
      return List.of(current, previous);
    } catch (ResourceNotFoundException e) {
      return List.of(current); // never rotated: there is no previous version
    }
  }

  /** One key that never changes: the local runner's and the tests'. */
  public static CursorKeys fixed(String key) {
    return new CursorKeys(
        () -> List.of(key), Duration.ofDays(36_500), Clock.systemUTC(), warning -> {});
  }

  /** The key new cursors are signed with, read again first when it is due. */
  synchronized SecretKeySpec signing() {
    refreshIfDue();
    return keys.getFirst();
  }

  /** The keys a cursor may have been signed with: the current one, then the one before it. */
  synchronized List<SecretKeySpec> verifying() {
    refreshIfDue();
    return keys;
  }

  private void refreshIfDue() {
    Instant now = clock.instant();
    if (now.isBefore(nextRefresh)) {
      return;
    }
    try {
      keys = read();
      nextRefresh = now.plus(refreshEvery);
    } catch (SdkException | IllegalStateException e) {
      nextRefresh = now.plus(RETRY_AFTER);
      warnings.accept(
          new LogLine(Level.WARN, "cursor key refresh failed")
              .with("error", e.toString())
              .with("retry_in_s", RETRY_AFTER.toSeconds())
              .json());
    }
  }

  private List<SecretKeySpec> read() {
    return source.get().stream().map(CursorKeys::key).toList();
  }

  private static SecretKeySpec key(String secret) {
    if (secret == null || secret.length() < MIN_KEY_CHARACTERS) {
      // Never the value itself: only that it is unusable.
      throw new IllegalStateException(
          "the cursor signing secret must be a string of at least "
              + MIN_KEY_CHARACTERS
              + " characters");
    }
    return new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
  }
}

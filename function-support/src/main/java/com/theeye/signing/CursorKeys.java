package com.theeye.signing;

import com.theeye.log.LogLine;
import com.theeye.log.LogLine.Level;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * The HMAC keys query cursors and receipts are signed with ({@link SignedTokens}), read from a
 * Secrets Manager secret when a query first needs them and read again once {@code refreshEvery} has
 * passed, so a rotated secret takes effect without a deploy and the key never sits in the
 * function's configuration. One secret for both: the query function signs cursors, the ingest
 * function receipts; a token of one is never read as the other, since each checks its own payload's
 * fields. The secret's previous version (stage {@code AWSPREVIOUS}) is read too: cursors signed
 * before a rotation still verify, in every execution environment, so a paging client is not cut off
 * mid-way.
 *
 * <p>Never read at init: SnapStart runs init while the version is published (AWS Lambda Developer
 * Guide, "Improving startup performance with Lambda SnapStart"), possibly before the role's new
 * permission to read the secret has propagated (IAM is eventually consistent: IAM User Guide,
 * "Changes that I make are not always immediately visible"), and a function that cannot start fails
 * the deploy. Until the secret has been read, {@link #unavailable} says why and queries are
 * answered 503; a failed read is tried again after {@link #FIRST_READ_RETRY}, so an environment
 * calls Secrets Manager at most that often however many queries wait.
 *
 * <p>Once read, the keys stay usable: a failed refresh keeps the key in use and is retried after
 * {@link #RETRY_AFTER}, since a Secrets Manager outage must not stop queries whose key is known.
 */
public final class CursorKeys {

  /** Characters a signing key needs at least: a shorter one would make forgeries cheaper. */
  public static final int MIN_KEY_CHARACTERS = 32;

  /** How long a failed refresh waits before the next try, while the key read before is used. */
  public static final Duration RETRY_AFTER = Duration.ofSeconds(30);

  /**
   * How long a failed first read waits before the next try; queries wait as long (their {@code
   * Retry-After}). Short, because queries are refused meanwhile and a policy propagates in seconds.
   */
  public static final Duration FIRST_READ_RETRY = Duration.ofSeconds(5);

  private static final String ALGORITHM = "HmacSHA256";
  private static final String CURRENT = "AWSCURRENT";
  private static final String PREVIOUS = "AWSPREVIOUS";

  /** The secret's current value, then its previous one when it has one. */
  private final Supplier<List<String>> source;

  private final Duration refreshEvery;
  private final Clock clock;
  private final Consumer<String> warnings;

  /** Empty until the secret has been read. */
  private List<SecretKeySpec> keys = List.of();

  private Instant nextRead = Instant.MIN;
  private String problem = "the cursor signing secret has not been read yet";

  private CursorKeys(
      Supplier<List<String>> source,
      Duration refreshEvery,
      Clock clock,
      Consumer<String> warnings) {
    this.source = source;
    this.refreshEvery = refreshEvery;
    this.clock = clock;
    this.warnings = warnings;
  }

  /**
   * Keys from the secret {@code secretId} (its ARN), read when first needed and again every {@code
   * refreshEvery}. Reads nothing now.
   *
   * @param warnings where a failed read is reported, as one JSON log line
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

  /**
   * Why no key can be used yet, or empty once one can; reads the secret first when a read is due.
   * Every query asks before it reads anything: it needs the key, to verify a cursor and to sign the
   * next one; so does every receipt lookup, and every accept before it signs receipts.
   */
  public synchronized Optional<String> unavailable() {
    refreshIfDue();
    return keys.isEmpty() ? Optional.of(problem) : Optional.empty();
  }

  /** The key new cursors are signed with, read again first when it is due. */
  public synchronized SecretKeySpec signing() {
    return known().getFirst();
  }

  /** The keys a cursor may have been signed with: the current one, then the one before it. */
  public synchronized List<SecretKeySpec> verifying() {
    return known();
  }

  private List<SecretKeySpec> known() {
    refreshIfDue();
    if (keys.isEmpty()) {
      throw new IllegalStateException("no cursor key to use (ask unavailable() first): " + problem);
    }
    return keys;
  }

  private void refreshIfDue() {
    Instant now = clock.instant();
    if (now.isBefore(nextRead)) {
      return;
    }
    try {
      keys = read();
      nextRead = now.plus(refreshEvery);
    } catch (SdkException | IllegalStateException e) {
      boolean neverRead = keys.isEmpty();
      Duration wait = neverRead ? FIRST_READ_RETRY : RETRY_AFTER;
      nextRead = now.plus(wait);
      problem = describe(e);
      warnings.accept(
          new LogLine(
                  Level.WARN, neverRead ? "cursor key unavailable" : "cursor key refresh failed")
              .with("error", problem)
              .with("retry_in_s", wait.toSeconds())
              .json());
    }
  }

  /**
   * The current version's key, then the previous one's. A previous value too short to be a key is
   * left out instead of failing the read: no cursor was ever signed with it, and it is what is left
   * behind when an operator replaces a short secret.
   */
  private List<SecretKeySpec> read() {
    List<String> values = source.get();
    List<SecretKeySpec> read = new ArrayList<>(List.of(key(values.getFirst())));
    values.stream().skip(1).filter(CursorKeys::usable).map(CursorKeys::key).forEach(read::add);
    return List.copyOf(read);
  }

  private static boolean usable(String secret) {
    return secret != null && secret.length() >= MIN_KEY_CHARACTERS;
  }

  /**
   * What went wrong, for the log: the service's error code and message (AccessDeniedException names
   * the role and the secret's ARN, never its value; the SDK has no class of its own for it), the
   * client's failure (a timeout), or which rule the value breaks.
   */
  private static String describe(RuntimeException e) {
    return switch (e) {
      case AwsServiceException service when service.awsErrorDetails() != null ->
          service.awsErrorDetails().errorCode() + ": " + service.awsErrorDetails().errorMessage();
      case SdkException client -> client.getClass().getSimpleName() + ": " + client.getMessage();
      default -> e.getMessage();
    };
  }

  private static SecretKeySpec key(String secret) {
    if (!usable(secret)) {
      // Never the value itself, nor its length: only that it is unusable.
      throw new IllegalStateException(
          "the cursor signing secret must be a string of at least "
              + MIN_KEY_CHARACTERS
              + " characters");
    }
    return new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
  }
}

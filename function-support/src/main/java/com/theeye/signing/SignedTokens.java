package com.theeye.signing;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tokens a client carries and hands back unaltered, query cursors and receipts: {@code
 * base64url(payload).base64url(HMAC-SHA256(payload))}, URL- and path-safe. New tokens are signed
 * with the current key of {@link CursorKeys}; one signed just before a rotation still verifies.
 * What the payload says is the caller's: this class only vouches that it was made here.
 */
public final class SignedTokens {

  private static final String ALGORITHM = "HmacSHA256";
  private static final int MAC_BYTES = 32;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final CursorKeys keys;

  public SignedTokens(CursorKeys keys) {
    this.keys = keys;
  }

  /** The token of {@code payload}. */
  public String sign(byte[] payload) {
    return ENCODER.encodeToString(payload)
        + "."
        + ENCODER.encodeToString(mac(keys.signing(), payload));
  }

  /** The length of the token {@link #sign} makes for a payload of {@code payloadBytes} bytes. */
  public static int length(int payloadBytes) {
    return base64Length(payloadBytes) + 1 + base64Length(MAC_BYTES);
  }

  /** The payload, or empty when {@code token} was not made here, was altered or is malformed. */
  public Optional<byte[]> verify(String token) {
    int dot = token.indexOf('.');
    if (dot < 0) {
      return Optional.empty();
    }
    byte[] payload;
    byte[] signature;
    try {
      payload = DECODER.decode(token.substring(0, dot));
      signature = DECODER.decode(token.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    boolean signedHere = false;
    for (SecretKeySpec key : keys.verifying()) {
      signedHere |= MessageDigest.isEqual(mac(key, payload), signature);
    }
    return signedHere ? Optional.of(payload) : Optional.empty();
  }

  /** Characters of unpadded base64 for {@code bytes} bytes: four for every three, rounded up. */
  private static int base64Length(int bytes) {
    return (bytes * 4 + 2) / 3;
  }

  private static byte[] mac(SecretKeySpec key, byte[] payload) {
    try {
      // Mac instances are not thread-safe; one per call is cheap next to a DynamoDB round trip.
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal(payload);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no usable " + ALGORITHM, e);
    }
  }
}

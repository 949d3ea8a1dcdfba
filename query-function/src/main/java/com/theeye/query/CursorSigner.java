package com.theeye.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.theeye.event.EventCodec;
import com.theeye.event.ExactJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Makes and checks page cursors: {@code base64url(payload).base64url(HMAC-SHA256(payload))}, the
 * payload naming the query (its {@link Query#fingerprint() fingerprint}) and the sort key of the
 * last result returned. A cursor that was not made here, was altered, or belongs to another query
 * is refused, so a cursor can only ever continue the query it came from. The keys come from {@link
 * CursorKeys}: new cursors use the current one, and one made just before a rotation still verifies.
 */
final class CursorSigner {

  private static final String ALGORITHM = "HmacSHA256";
  private static final int MAC_BYTES = 32;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final CursorKeys keys;

  CursorSigner(CursorKeys keys) {
    this.keys = keys;
  }

  /** A cursor continuing {@code query} after the result whose sort key is {@code lastKey}. */
  String sign(Query query, String lastKey) {
    return sign(query.fingerprint(), lastKey);
  }

  /**
   * A cursor continuing what {@code fingerprint} names after {@code lastKey}: a query's, or {@code
   * /recent/}'s position in its feed.
   */
  String sign(ObjectNode fingerprint, String lastKey) {
    byte[] bytes = payload(fingerprint, lastKey);
    return ENCODER.encodeToString(bytes) + "." + ENCODER.encodeToString(mac(keys.signing(), bytes));
  }

  /**
   * The length of the cursor {@link #sign} makes for the same arguments, without its MAC: a page
   * weighs its cursor before it knows where it ends.
   */
  int length(Query query, String lastKey) {
    return length(query.fingerprint(), lastKey);
  }

  int length(ObjectNode fingerprint, String lastKey) {
    return base64Length(payload(fingerprint, lastKey).length) + 1 + base64Length(MAC_BYTES);
  }

  private static byte[] payload(ObjectNode fingerprint, String lastKey) {
    ObjectNode payload = ExactJson.MAPPER.createObjectNode();
    payload.set("query", fingerprint);
    payload.put("after", lastKey);
    return EventCodec.write(payload).getBytes(StandardCharsets.UTF_8);
  }

  /** Characters of unpadded base64 for {@code bytes} bytes: four for every three, rounded up. */
  private static int base64Length(int bytes) {
    return (bytes * 4 + 2) / 3;
  }

  /**
   * The sort key to continue after, or empty when {@code cursor} is forged, altered or was made for
   * another query.
   */
  Optional<String> verify(String cursor, Query query) {
    return verify(cursor, query.fingerprint());
  }

  /** As {@link #verify(String, Query)}, for a cursor signed with {@code fingerprint}. */
  Optional<String> verify(String cursor, ObjectNode fingerprint) {
    int dot = cursor.indexOf('.');
    if (dot < 0) {
      return Optional.empty();
    }
    byte[] payload;
    byte[] signature;
    try {
      payload = DECODER.decode(cursor.substring(0, dot));
      signature = DECODER.decode(cursor.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    boolean signedHere = false;
    for (SecretKeySpec key : keys.verifying()) {
      signedHere |= MessageDigest.isEqual(mac(key, payload), signature);
    }
    if (!signedHere) {
      return Optional.empty();
    }
    JsonNode decoded;
    try {
      decoded = ExactJson.MAPPER.readTree(payload);
    } catch (IOException e) {
      return Optional.empty();
    }
    JsonNode after = decoded.path("after");
    if (!decoded.path("query").equals(fingerprint) || !after.isTextual()) {
      return Optional.empty();
    }
    return Optional.of(after.textValue());
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

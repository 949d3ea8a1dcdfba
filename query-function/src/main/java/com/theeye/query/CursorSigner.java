package com.theeye.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.theeye.event.EventCodec;
import com.theeye.event.ExactJson;
import com.theeye.signing.CursorKeys;
import com.theeye.signing.SignedTokens;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Makes and checks page cursors: {@link SignedTokens} whose payload names the query (its {@link
 * Query#fingerprint() fingerprint}) and the sort key of the last result returned. A cursor that was
 * not made here, was altered, or belongs to another query is refused, so a cursor can only ever
 * continue the query it came from. The keys come from {@link CursorKeys}: new cursors use the
 * current one, and one made just before a rotation still verifies.
 */
final class CursorSigner {

  private final SignedTokens tokens;

  CursorSigner(CursorKeys keys) {
    this.tokens = new SignedTokens(keys);
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
    return tokens.sign(payload(fingerprint, lastKey));
  }

  /**
   * The length of the cursor {@link #sign} makes for the same arguments, without its MAC: a page
   * weighs its cursor before it knows where it ends.
   */
  int length(Query query, String lastKey) {
    return length(query.fingerprint(), lastKey);
  }

  int length(ObjectNode fingerprint, String lastKey) {
    return SignedTokens.length(payload(fingerprint, lastKey).length);
  }

  private static byte[] payload(ObjectNode fingerprint, String lastKey) {
    ObjectNode payload = ExactJson.MAPPER.createObjectNode();
    payload.set("query", fingerprint);
    payload.put("after", lastKey);
    return EventCodec.write(payload).getBytes(StandardCharsets.UTF_8);
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
    Optional<byte[]> payload = tokens.verify(cursor);
    if (payload.isEmpty()) {
      return Optional.empty();
    }
    JsonNode decoded;
    try {
      decoded = ExactJson.MAPPER.readTree(payload.get());
    } catch (IOException e) {
      return Optional.empty();
    }
    JsonNode after = decoded.path("after");
    if (!decoded.path("query").equals(fingerprint) || !after.isTextual()) {
      return Optional.empty();
    }
    return Optional.of(after.textValue());
  }
}

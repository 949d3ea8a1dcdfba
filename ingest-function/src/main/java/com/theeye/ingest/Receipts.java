package com.theeye.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.theeye.event.EventCodec;
import com.theeye.event.EventTimestamps;
import com.theeye.event.ExactJson;
import com.theeye.event.Identity;
import com.theeye.event.Uuids;
import com.theeye.signing.CursorKeys;
import com.theeye.signing.SignedTokens;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Makes and reads receipt tokens: {@link SignedTokens}, signed with the query cursors' key, whose
 * payload is a {@link Receipt}. Signing costs a hash, no read and no write, so every accepted event
 * gets one; a token that was not made here or was altered reads as nothing.
 *
 * <p>The payload is signed, not encrypted: it names the event's {@code user_id} and {@code
 * anonymous_id} when the event has them, which only its sender sent and only its sender is given.
 * They are optional fields, so a receipt made before they were added still reads (as one of an
 * event without them).
 */
final class Receipts {

  private static final String APPLICATION = "app";
  private static final String SESSION = "session";
  private static final String KEY = "key";
  private static final String RECEIVED_AT = "received_at";
  private static final String USER_ID = "user_id";
  private static final String ANONYMOUS_ID = "anonymous_id";

  private final CursorKeys keys;
  private final SignedTokens tokens;

  Receipts(CursorKeys keys) {
    this.keys = keys;
    this.tokens = new SignedTokens(keys);
  }

  /**
   * Why no receipt can be signed or read yet (the key has not been read), or empty when they can.
   */
  Optional<String> unavailable() {
    return keys.unavailable();
  }

  String sign(Receipt receipt) {
    ObjectNode payload = ExactJson.MAPPER.createObjectNode();
    payload.put(APPLICATION, receipt.application().toString());
    payload.put(SESSION, receipt.session().toString());
    payload.put(KEY, receipt.occurredAtId());
    payload.put(RECEIVED_AT, EventTimestamps.format(receipt.receivedAt()));
    receipt.identity().userId().ifPresent(id -> payload.put(USER_ID, id));
    receipt.identity().anonymousId().ifPresent(id -> payload.put(ANONYMOUS_ID, id));
    return tokens.sign(EventCodec.write(payload).getBytes(StandardCharsets.UTF_8));
  }

  /** The receipt, or empty when {@code token} is forged, altered, malformed or no receipt. */
  Optional<Receipt> read(String token) {
    return tokens.verify(token).flatMap(Receipts::decode);
  }

  private static Optional<Receipt> decode(byte[] payload) {
    JsonNode json;
    try {
      json = ExactJson.MAPPER.readTree(payload);
    } catch (IOException e) {
      return Optional.empty();
    }
    Optional<UUID> application = Uuids.parse(json.path(APPLICATION).asText(""));
    Optional<UUID> session = Uuids.parse(json.path(SESSION).asText(""));
    Optional<Instant> receivedAt = EventTimestamps.parse(json.path(RECEIVED_AT).asText(""));
    String key = json.path(KEY).asText("");
    if (application.isEmpty() || session.isEmpty() || receivedAt.isEmpty() || key.isEmpty()) {
      return Optional.empty(); // made here, but not a receipt: a query cursor
    }
    Identity identity = new Identity(optionalId(json, ANONYMOUS_ID), optionalId(json, USER_ID));
    try {
      return Optional.of(
          new Receipt(application.get(), session.get(), key, receivedAt.get(), identity));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** An id the payload may name: absent in a receipt of an event without it, or an older one. */
  private static Optional<String> optionalId(JsonNode json, String field) {
    JsonNode value = json.get(field);
    return value != null && value.isTextual() && !value.textValue().isEmpty()
        ? Optional.of(value.textValue())
        : Optional.empty();
  }
}

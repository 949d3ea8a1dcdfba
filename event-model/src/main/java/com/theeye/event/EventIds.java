package com.theeye.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Derives an event's id from its content, so a client retry, an SQS redelivery or two processors
 * racing all name the same event with the same id.
 *
 * <p>Scheme (version 8 UUID): SHA-256 over the length-prefixed UTF-8 of application, session_id,
 * category, name, the timestamp printed by {@link EventTimestamps#format} and the canonical JSON of
 * data (object keys sorted, no white space, numbers as sent, but {@code -0} is {@code 0}: JSON
 * Schema and DynamoDB compare numbers by value and DynamoDB keeps no negative zero, so neither does
 * the parser's tree); the first 16 bytes become the UUID, with the version and variant bits set.
 * Two events that differ in any of these fields get different ids; {@code received_at} is
 * deliberately left out.
 *
 * <p>{@link #of} adds, only when the event has them, so every id derived before they existed stays
 * the same: the anonymous id and the user id, each after its label; and for a Segment message
 * without a {@code messageId}, the canonical JSON of its other fields. The timestamp hashed is the
 * client's own ({@link Event#clientTimestamp}), never the one corrected for its clock, which
 * changes with each retry's {@code sent_at}. A Segment message with a {@code messageId} is named by
 * it instead: SHA-256 over the label {@code segment messageId}, the application and the messageId,
 * so two messages a client sent with one messageId are one event, as Segment dedupes them.
 */
public final class EventIds {

  private static final ThreadLocal<MessageDigest> SHA_256 =
      ThreadLocal.withInitial(EventIds::newDigest);

  private EventIds() {}

  /** Labels that keep each kind of derivation apart from the others and from content ids. */
  private static final String MESSAGE_ID_LABEL = "segment messageId";

  private static final String ANONYMOUS_ID_LABEL = "anonymous_id";
  private static final String USER_ID_LABEL = "user_id";
  private static final String SEGMENT_LABEL = "segment";

  /** The id {@code event} must carry: from its messageId when it has one, else its content. */
  public static String of(Event event) {
    Optional<String> messageId = event.segment().messageId();
    if (messageId.isPresent()) {
      return nameBased(MESSAGE_ID_LABEL, event.application().toString(), messageId.get())
          .toString();
    }
    MessageDigest digest =
        content(
            event.application(),
            event.sessionId(),
            event.category(),
            event.name(),
            event.clientTimestamp(),
            event.data());
    event
        .identity()
        .anonymousId()
        .ifPresent(
            anonymousId -> {
              update(digest, ANONYMOUS_ID_LABEL);
              update(digest, anonymousId);
            });
    event
        .identity()
        .userId()
        .ifPresent(
            userId -> {
              update(digest, USER_ID_LABEL);
              update(digest, userId);
            });
    event
        .segment()
        .fields()
        .ifPresent(
            fields -> {
              update(digest, SEGMENT_LABEL);
              update(digest, canonicalJson(fields));
            });
    return uuidOf(digest.digest()).toString();
  }

  /**
   * A version-8 UUID named by {@code parts} under {@code label}: the same parts give the same UUID,
   * and no two labels share one. For ids of things a client names rather than makes, such as the
   * session of a Segment user.
   */
  public static UUID nameBased(String label, String... parts) {
    MessageDigest digest = SHA_256.get();
    digest.reset();
    update(digest, label);
    for (String part : parts) {
      update(digest, part);
    }
    return uuidOf(digest.digest());
  }

  /** The id of the event with this content (and no identity, no Segment fields). */
  public static String derive(
      UUID application,
      UUID sessionId,
      String category,
      String name,
      Instant timestamp,
      JsonNode data) {
    return uuidOf(content(application, sessionId, category, name, timestamp, data).digest())
        .toString();
  }

  private static MessageDigest content(
      UUID application,
      UUID sessionId,
      String category,
      String name,
      Instant timestamp,
      JsonNode data) {
    MessageDigest digest = SHA_256.get();
    digest.reset();
    update(digest, application.toString());
    update(digest, sessionId.toString());
    update(digest, category);
    update(digest, name);
    update(digest, EventTimestamps.format(timestamp));
    update(digest, canonicalJson(data));
    return digest;
  }

  private static UUID uuidOf(byte[] sha256) {
    ByteBuffer hash = ByteBuffer.wrap(sha256);
    long high = (hash.getLong() & ~0xF000L) | 0x8000L; // version 8: custom
    long low = (hash.getLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // IETF variant
    return new UUID(high, low);
  }

  /**
   * JSON with object keys in sorted order and no white space, so equal data always prints equal.
   */
  static String canonicalJson(JsonNode node) {
    StringBuilder out = new StringBuilder();
    appendCanonical(node, out);
    return out.toString();
  }

  private static void appendCanonical(JsonNode node, StringBuilder out) {
    if (node.isObject()) {
      Map<String, JsonNode> sorted = new TreeMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        sorted.put(field.getKey(), field.getValue());
      }
      out.append('{');
      boolean first = true;
      for (Map.Entry<String, JsonNode> field : sorted.entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        out.append(EventCodec.quote(field.getKey())).append(':');
        appendCanonical(field.getValue(), out);
      }
      out.append('}');
    } else if (node.isArray()) {
      out.append('[');
      for (int i = 0; i < node.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        appendCanonical(node.get(i), out);
      }
      out.append(']');
    } else {
      out.append(node.toString());
    }
  }

  private static void update(MessageDigest digest, String part) {
    byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
    digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
    digest.update(bytes);
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}

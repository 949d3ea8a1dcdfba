package com.theeye.local;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The journaled bodies that may still be on the events queue, each with the segment file its line
 * is in: what {@link EventJournal} must keep. A body is registered before its send, and forgotten
 * once its message is known to be off the queue (deleted, dead-lettered, or never sent). Bodies are
 * known by their SHA-256, so a registration costs a few bytes whatever the body's size; two
 * messages with one body carry the same events, so either's line stands for both. Not thread-safe:
 * the journal's lock guards it.
 */
final class PendingBodies {

  private final Map<BodyKey, ArrayDeque<Registration>> byBody = new HashMap<>();
  private final Map<Long, Integer> bySegment = new HashMap<>();
  private long completedSends;

  /** One journaled body that may be on the queue. */
  static final class Registration {
    private final long segment;
    private final BodyKey key;
    private long sentAt; // the count of completed sends when its own completed; 0 while it runs

    private Registration(long segment, BodyKey key) {
      this.segment = segment;
      this.key = key;
    }

    long segment() {
      return segment;
    }
  }

  /** Registers {@code bodies}, whose lines are in {@code segment}, before they are sent. */
  List<Registration> register(long segment, List<String> bodies) {
    List<Registration> registrations = new ArrayList<>(bodies.size());
    for (String body : bodies) {
      Registration registration = new Registration(segment, BodyKey.of(body));
      byBody.computeIfAbsent(registration.key, k -> new ArrayDeque<>()).addLast(registration);
      bySegment.merge(segment, 1, Integer::sum);
      registrations.add(registration);
    }
    return registrations;
  }

  /** A send ended: every registration but those at the indexes {@code failed} reached the queue. */
  void sent(List<Registration> registrations, Set<Integer> failed) {
    completedSends++;
    for (int i = 0; i < registrations.size(); i++) {
      if (failed.contains(i)) {
        forget(registrations.get(i));
      } else {
        registrations.get(i).sentAt = completedSends;
      }
    }
  }

  /**
   * The registration that a message with {@code body} leaving the queue ends: the oldest whose send
   * is done, else the oldest (a message can be taken before its send is reported).
   */
  Optional<Registration> leaving(String body) {
    ArrayDeque<Registration> same = byBody.get(BodyKey.of(body));
    if (same == null) {
      return Optional.empty();
    }
    return same.stream()
        .filter(r -> r.sentAt != 0)
        .findFirst()
        .or(() -> Optional.of(same.getFirst()));
  }

  /** Forgets {@code registration}; nothing when it is forgotten already. */
  void forget(Registration registration) {
    ArrayDeque<Registration> same = byBody.get(registration.key);
    if (same == null || !same.remove(registration)) {
      return;
    }
    if (same.isEmpty()) {
      byBody.remove(registration.key);
    }
    bySegment.computeIfPresent(registration.segment, (s, n) -> n == 1 ? null : n - 1);
  }

  /** How many sends have completed: a mark for {@link #forgetSentBefore}. */
  long completedSends() {
    return completedSends;
  }

  /** Forgets every body whose send completed before {@code mark}: the queue was empty since. */
  void forgetSentBefore(long mark) {
    List<Registration> sent = new ArrayList<>();
    byBody
        .values()
        .forEach(
            same ->
                same.stream().filter(r -> r.sentAt != 0 && r.sentAt <= mark).forEach(sent::add));
    sent.forEach(this::forget);
  }

  /** How many registered bodies have their line in {@code segment}. */
  int count(long segment) {
    return bySegment.getOrDefault(segment, 0);
  }

  void clear() {
    byBody.clear();
    bySegment.clear();
  }

  /** A body known by its SHA-256. */
  record BodyKey(long high, long low) {
    private static final ThreadLocal<MessageDigest> SHA_256 =
        ThreadLocal.withInitial(
            () -> {
              try {
                return MessageDigest.getInstance("SHA-256");
              } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has SHA-256", e);
              }
            });

    static BodyKey of(String body) {
      ByteBuffer hash =
          ByteBuffer.wrap(SHA_256.get().digest(body.getBytes(StandardCharsets.UTF_8)));
      return new BodyKey(hash.getLong(), hash.getLong());
    }
  }
}

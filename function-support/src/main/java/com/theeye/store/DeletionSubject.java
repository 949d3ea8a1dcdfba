package com.theeye.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Whose data a deletion removes: one application's user ({@code user_id}) or anonymous id ({@code
 * anonymous_id}), or a session, whichever application owns it. What is kept about a subject after
 * its deletion is its {@link #hash}, never the id itself.
 *
 * @param kind what the id names
 * @param application the application whose person it is; empty for a session (its owner is found)
 * @param id the id as events carry it
 */
public record DeletionSubject(Kind kind, Optional<UUID> application, String id) {

  /** What a deletion's id names, as the API's paths and the stored records spell it. */
  public enum Kind {
    USER("user"),
    ANONYMOUS("anonymous"),
    SESSION("session");

    private final String wireName;

    Kind(String wireName) {
      this.wireName = wireName;
    }

    /** The name in paths' answers and stored records: {@code user}, {@code anonymous}, ... */
    public String wireName() {
      return wireName;
    }

    /** The kind a stored or sent name stands for. */
    public static Kind ofWireName(String name) {
      for (Kind kind : values()) {
        if (kind.wireName.equals(name)) {
          return kind;
        }
      }
      throw new IllegalArgumentException("no deletion kind \"" + name + "\"");
    }
  }

  public DeletionSubject {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(application, "application");
    Objects.requireNonNull(id, "id");
    if (id.isEmpty()) {
      throw new IllegalArgumentException("an empty " + kind.wireName + " id");
    }
    if (kind == Kind.SESSION) {
      if (application.isPresent()) {
        throw new IllegalArgumentException("a session's deletion names no application");
      }
      UUID.fromString(id);
    } else if (application.isEmpty()) {
      throw new IllegalArgumentException("a " + kind.wireName + " deletion needs its application");
    }
  }

  public static DeletionSubject user(UUID application, String userId) {
    return new DeletionSubject(Kind.USER, Optional.of(application), userId);
  }

  public static DeletionSubject anonymous(UUID application, String anonymousId) {
    return new DeletionSubject(Kind.ANONYMOUS, Optional.of(application), anonymousId);
  }

  public static DeletionSubject session(UUID session) {
    return new DeletionSubject(Kind.SESSION, Optional.empty(), session.toString());
  }

  /**
   * Whether events that name the subject after its deletion are suppressed (counted, not stored): a
   * person's are; a session id is the application's to make and is not reused.
   */
  public boolean suppresses() {
    return kind != Kind.SESSION;
  }

  /**
   * The subject's pseudonym: SHA-256 over the kind, the application and the id, in hex. What the
   * audit and the suppression keep instead of the id: it matches the same id again, and names no
   * one by itself (an id that can be guessed can be confirmed, as with any unkeyed hash: the docs
   * say so).
   */
  public String hash() {
    String text =
        "the-eye-subject\u0000"
            + kind.wireName
            + "\u0000"
            + application.map(UUID::toString).orElse("")
            + "\u0000"
            + id;
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}

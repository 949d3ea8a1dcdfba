package com.theeye.event;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/** Reads UUIDs in every spelling the seed API (Python's {@code uuid.UUID}) accepted. */
public final class Uuids {

  private static final Pattern HEX_32 = Pattern.compile("[0-9a-f]{32}");

  private Uuids() {}

  /**
   * The UUID {@code text} names, with or without hyphens, braces or a {@code urn:uuid:} prefix, in
   * any case; empty when it names none.
   */
  public static Optional<UUID> parse(String text) {
    String hex = text.strip().toLowerCase(Locale.ROOT);
    if (hex.startsWith("urn:")) {
      hex = hex.substring(4);
    }
    if (hex.startsWith("uuid:")) {
      hex = hex.substring(5);
    }
    if (hex.startsWith("{") && hex.endsWith("}")) {
      hex = hex.substring(1, hex.length() - 1);
    }
    hex = hex.replace("-", "");
    if (!HEX_32.matcher(hex).matches()) {
      return Optional.empty();
    }
    return Optional.of(
        new UUID(
            Long.parseUnsignedLong(hex.substring(0, 16), 16),
            Long.parseUnsignedLong(hex.substring(16), 16)));
  }
}

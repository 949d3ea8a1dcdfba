package com.theeye.event;

import java.util.Optional;

/**
 * What the ingest function learnt about the sender of an event, from API Gateway's request context
 * rather than from the event: kept beside the event, never inside its {@code data}, and never part
 * of its id ({@link EventIds}).
 *
 * @param userAgent the sender's {@code User-Agent}, cut to {@link #MAX_USER_AGENT_LENGTH}
 *     characters
 * @param address the sender's network: its IP address truncated by {@link ClientAddresses} (IPv4 to
 *     /24, IPv6 to /48), never the full address; empty when capture is off or none was known
 */
public record ClientContext(Optional<String> userAgent, Optional<String> address) {

  /** Longer user agents are cut: they are free text a sender chooses. */
  public static final int MAX_USER_AGENT_LENGTH = 512;

  public static final ClientContext NONE = new ClientContext(Optional.empty(), Optional.empty());

  public ClientContext {
    userAgent =
        userAgent.map(String::strip).filter(text -> !text.isEmpty()).map(ClientContext::cut);
    // Truncating again is harmless for a truncated address and protects every other path in.
    address = address.flatMap(ClientAddresses::truncate);
  }

  public boolean isEmpty() {
    return userAgent.isEmpty() && address.isEmpty();
  }

  private static String cut(String text) {
    if (text.codePointCount(0, text.length()) <= MAX_USER_AGENT_LENGTH) {
      return text;
    }
    return text.substring(0, text.offsetByCodePoints(0, MAX_USER_AGENT_LENGTH));
  }
}

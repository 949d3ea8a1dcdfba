package com.theeye.event;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Locale;
import java.util.Optional;

/**
 * Truncates a client's IP address before anything stores it: an IPv4 address to its /24 network
 * ({@code 203.0.113.77} → {@code 203.0.113.0}), an IPv6 address to its /48 ({@code
 * 2001:db8:1234:5678::1} → {@code 2001:db8:1234::}). The full address is never kept. Truncating a
 * truncated address changes nothing.
 */
public final class ClientAddresses {

  private ClientAddresses() {}

  /**
   * The address's network, or empty when {@code address} is not an IP address literal (nothing is
   * ever looked up in DNS).
   */
  public static Optional<String> truncate(String address) {
    if (address == null) {
      return Optional.empty();
    }
    String literal = address.strip();
    int zone = literal.indexOf('%');
    if (zone >= 0) {
      literal = literal.substring(0, zone);
    }
    if (literal.startsWith("[") && literal.endsWith("]")) {
      literal = literal.substring(1, literal.length() - 1);
    }
    if (literal.isEmpty() || !isLiteralShaped(literal)) {
      return Optional.empty();
    }
    InetAddress parsed;
    try {
      // ofLiteral never resolves names; it only parses.
      parsed = InetAddress.ofLiteral(literal);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    byte[] bytes = parsed.getAddress();
    if (parsed instanceof Inet4Address) {
      return Optional.of(
          (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + ".0");
    }
    if (parsed instanceof Inet6Address) {
      return Optional.of(
          String.format(
              Locale.ROOT, "%x:%x:%x::", hextet(bytes, 0), hextet(bytes, 2), hextet(bytes, 4)));
    }
    return Optional.empty();
  }

  private static int hextet(byte[] bytes, int offset) {
    return ((bytes[offset] & 0xff) << 8) | (bytes[offset + 1] & 0xff);
  }

  /** Digits, hex letters, dots and colons only: anything else is not an address literal. */
  private static boolean isLiteralShaped(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean ok =
          (c >= '0' && c <= '9')
              || (c >= 'a' && c <= 'f')
              || (c >= 'A' && c <= 'F')
              || c == '.'
              || c == ':';
      if (!ok) {
        return false;
      }
    }
    return text.length() <= 45;
  }
}

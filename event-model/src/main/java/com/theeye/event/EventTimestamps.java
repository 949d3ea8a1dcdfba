package com.theeye.event;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the timestamp formats the seed API accepted and prints the one it answered with.
 *
 * <p>Accepted, as Django's {@code parse_datetime}: {@code 2021-01-01 09:15:27.243860} (naive,
 * meaning UTC), the same with {@code T}, and either with {@code Z} or an offset such as {@code
 * +02:00}. Seconds and fractions are optional; digits past microseconds are dropped, as Python's
 * datetime has none.
 */
public final class EventTimestamps {

  /** DRF's message for a datetime it cannot parse, kept verbatim for compatibility. */
  public static final String FORMAT_ERROR =
      "Datetime has wrong format. Use one of these formats instead: "
          + "YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].";

  private static final Pattern DATETIME =
      Pattern.compile(
          "(\\d{4})-(\\d{1,2})-(\\d{1,2})[T ](\\d{1,2}):(\\d{1,2})"
              + "(?::(\\d{1,2})(?:[.,](\\d{1,9}))?)?\\s*(Z|[+-]\\d{2}(?::?\\d{2})?)?");

  // Fixed width, so the printed form also sorts correctly as a DynamoDB string key.
  private static final DateTimeFormatter OUTPUT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

  private EventTimestamps() {}

  /** The instant the text names, or empty when it is not one of the accepted formats. */
  public static Optional<Instant> parse(String text) {
    Matcher m = DATETIME.matcher(text.strip());
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      LocalDateTime local =
          LocalDateTime.of(
              Integer.parseInt(m.group(1)),
              Integer.parseInt(m.group(2)),
              Integer.parseInt(m.group(3)),
              Integer.parseInt(m.group(4)),
              Integer.parseInt(m.group(5)),
              m.group(6) == null ? 0 : Integer.parseInt(m.group(6)),
              nanosOf(m.group(7)));
      Instant instant = local.toInstant(offsetOf(m.group(8)));
      return representable(instant) ? Optional.of(instant) : Optional.empty();
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }

  /** Whether the instant lies in the years 1 to 9999, which {@link #format} prints and sorts. */
  public static boolean representable(Instant instant) {
    return !instant.isBefore(EARLIEST) && !instant.isAfter(LATEST);
  }

  /** Prints {@code 2021-01-01T09:15:27.243860Z}: UTC, always six fraction digits. */
  public static String format(Instant instant) {
    return OUTPUT.format(instant);
  }

  /**
   * The instant as it is stored and hashed: microsecond precision, like the seed's Python
   * datetimes.
   */
  public static Instant normalize(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MICROS);
  }

  private static int nanosOf(String fraction) {
    if (fraction == null) {
      return 0;
    }
    String micros = (fraction + "000000").substring(0, 6);
    return Integer.parseInt(micros) * 1000;
  }

  private static ZoneOffset offsetOf(String zone) {
    if (zone == null || zone.equals("Z")) {
      return ZoneOffset.UTC;
    }
    String digits = zone.replace(":", "");
    int hours = Integer.parseInt(digits.substring(1, 3));
    int minutes = digits.length() > 3 ? Integer.parseInt(digits.substring(3, 5)) : 0;
    int sign = digits.charAt(0) == '-' ? -1 : 1;
    return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
  }
}

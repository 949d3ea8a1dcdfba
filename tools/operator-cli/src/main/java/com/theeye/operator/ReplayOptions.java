package com.theeye.operator;

import com.theeye.event.EventTimestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * What an operator asked {@code make replay} for.
 *
 * @param from received at or after (inclusive)
 * @param to received before (exclusive)
 * @param application one application's invalid events, or empty for every registered application
 * @param category only events of this category (exactly as sent), or empty for all
 * @param name only events of this name (with a category), or empty for all
 * @param dryRun count what would be re-sent, send and change nothing
 * @param stack a deployed stack to read the outputs of, or empty for the running {@code make run}
 * @param drainWait how long to wait for the queue to drain before counting the outcomes
 */
public record ReplayOptions(
    Instant from,
    Instant to,
    Optional<UUID> application,
    Optional<String> category,
    Optional<String> name,
    boolean dryRun,
    Optional<String> stack,
    Duration drainWait) {

  static final Duration DEFAULT_DRAIN_WAIT = Duration.ofSeconds(120);

  /**
   * The longest {@code --wait}: a day, longer than any queue takes to drain, and far from the
   * nanosecond arithmetic's overflow (about 292 years) that a larger one reached only after the
   * events were re-sent.
   */
  static final Duration MAX_DRAIN_WAIT = Duration.ofDays(1);

  static final String USAGE =
      """
      usage: replay --from ISO --to ISO [--application UUID] [--category C [--name N]] [--dry-run]
                    [--stack NAME] [--wait SECONDS]
        Puts the invalid events received in [from, to) back on the events queue, as the ingest did,
        so the processor decides again with its current schemas. Without --stack it works on the
        running `make run` (EYE_DATA_DIR/endpoints.json); with --stack it reads that stack's outputs
        (AWS_REGION and AWS credentials from the environment). --wait: how long to wait for the
        queue to drain before counting what was stored (default 120, at most 86400). Every option is
        checked before anything is read or sent.""";

  public ReplayOptions {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (!to.isAfter(from)) {
      throw new IllegalArgumentException("--to must be later than --from");
    }
    Objects.requireNonNull(application, "application");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(name, "name");
    if (name.isPresent() && category.isEmpty()) {
      throw new IllegalArgumentException("--name needs --category");
    }
    Objects.requireNonNull(stack, "stack");
    Objects.requireNonNull(drainWait, "drainWait");
    if (drainWait.isNegative() || drainWait.compareTo(MAX_DRAIN_WAIT) > 0) {
      throw new IllegalArgumentException(
          "--wait must be from 0 to " + MAX_DRAIN_WAIT.toSeconds() + " seconds");
    }
  }

  /**
   * @throws IllegalArgumentException naming the bad or missing argument
   */
  public static ReplayOptions parse(List<String> args) {
    Instant from = null;
    Instant to = null;
    Optional<UUID> application = Optional.empty();
    Optional<String> category = Optional.empty();
    Optional<String> name = Optional.empty();
    Optional<String> stack = Optional.empty();
    boolean dryRun = false;
    Duration wait = DEFAULT_DRAIN_WAIT;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      switch (arg) {
        case "--dry-run" -> dryRun = true;
        case "--from" -> from = instant(arg, value(args, ++i, arg));
        case "--to" -> to = instant(arg, value(args, ++i, arg));
        case "--application" -> application = Optional.of(uuid(value(args, ++i, arg)));
        case "--category" -> category = Optional.of(value(args, ++i, arg));
        case "--name" -> name = Optional.of(value(args, ++i, arg));
        case "--stack" -> stack = Optional.of(value(args, ++i, arg));
        case "--wait" -> wait = Duration.ofSeconds(seconds(value(args, ++i, arg)));
        default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
      }
    }
    if (from == null || to == null) {
      throw new IllegalArgumentException("--from and --to are required");
    }
    return new ReplayOptions(from, to, application, category, name, dryRun, stack, wait);
  }

  private static String value(List<String> args, int index, String option) {
    if (index >= args.size() || args.get(index).startsWith("--") || args.get(index).isBlank()) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args.get(index);
  }

  private static Instant instant(String option, String text) {
    return EventTimestamps.parse(text)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    option
                        + " '"
                        + text
                        + "' is not a time: use ISO-8601, e.g. 2026-03-01T00:00Z"));
  }

  private static UUID uuid(String text) {
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--application '" + text + "' is not a UUID");
    }
  }

  private static long seconds(String text) {
    long seconds;
    try {
      seconds = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--wait '" + text + "' is not a number of seconds");
    }
    if (seconds < 0 || seconds > MAX_DRAIN_WAIT.toSeconds()) {
      throw new IllegalArgumentException(
          "--wait '"
              + text
              + "' is out of range: from 0 to "
              + MAX_DRAIN_WAIT.toSeconds()
              + " seconds (a day)");
    }
    return seconds;
  }
}

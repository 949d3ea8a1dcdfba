package com.theeye.operator;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the functions remember what they read from the Applications table, and so how long a
 * change made there takes to reach traffic. The ingest function's times are its
 * TRUSTED_CACHE_SECONDS and UNTRUSTED_CACHE_SECONDS (the stack's TrustedCacheSeconds and
 * UntrustedCacheSeconds parameters); the processor, which checks every message's sender again, has
 * fixed ones. {@code TrustCachesTest} holds the defaults and the processor's times to the
 * functions' own.
 *
 * @param ingestTrusted how long a warm ingest function keeps trusting an application
 * @param ingestUntrusted how long it keeps refusing an unknown or disabled one
 * @param source where the ingest's times come from
 */
record TrustCaches(Duration ingestTrusted, Duration ingestUntrusted, Source source) {

  static final Duration DEFAULT_INGEST_TRUSTED = Duration.ofSeconds(60);
  static final Duration DEFAULT_INGEST_UNTRUSTED = Duration.ofSeconds(10);
  static final Duration PROCESSOR_TRUSTED = Duration.ofSeconds(60);
  static final Duration PROCESSOR_UNTRUSTED = Duration.ofSeconds(10);

  static final String TRUSTED_PARAMETER = "TrustedCacheSeconds";
  static final String UNTRUSTED_PARAMETER = "UntrustedCacheSeconds";

  /** Where the ingest function's times were read. */
  enum Source {
    /** {@code make run}, which sets neither variable. */
    LOCAL_RUN,
    /** The stack's parameters ({@code --stack NAME}). */
    STACK,
    /** A table named by APPLICATIONS_TABLE: the stack's parameters are not known. */
    ASSUMED_DEFAULTS
  }

  TrustCaches {
    Objects.requireNonNull(ingestTrusted, "ingestTrusted");
    Objects.requireNonNull(ingestUntrusted, "ingestUntrusted");
    Objects.requireNonNull(source, "source");
  }

  static TrustCaches localRun() {
    return new TrustCaches(DEFAULT_INGEST_TRUSTED, DEFAULT_INGEST_UNTRUSTED, Source.LOCAL_RUN);
  }

  static TrustCaches assumedDefaults() {
    return new TrustCaches(
        DEFAULT_INGEST_TRUSTED, DEFAULT_INGEST_UNTRUSTED, Source.ASSUMED_DEFAULTS);
  }

  /** A stack's parameters, as DescribeStacks lists them (defaults included). */
  static TrustCaches of(DeployedStack stack) {
    return new TrustCaches(
        seconds(stack, TRUSTED_PARAMETER, DEFAULT_INGEST_TRUSTED),
        seconds(stack, UNTRUSTED_PARAMETER, DEFAULT_INGEST_UNTRUSTED),
        Source.STACK);
  }

  /** When disabling an application reaches every request. */
  String whenDisabled() {
    return "takes effect within %d s: until then a warm ingest function may still accept its events (%s) and the processor store them (its trust cache: %d s)"
        .formatted(
            longest(ingestTrusted, PROCESSOR_TRUSTED),
            ingest("TRUSTED_CACHE_SECONDS", ingestTrusted, TRUSTED_PARAMETER),
            PROCESSOR_TRUSTED.toSeconds());
  }

  /** When enabling an application again reaches every request. */
  String whenEnabled() {
    return "takes effect within %d s: until then a warm ingest function that refused it may still refuse its events (%s) and the processor keep them as invalid (its cache: %d s)"
        .formatted(
            longest(ingestUntrusted, PROCESSOR_UNTRUSTED),
            ingest("UNTRUSTED_CACHE_SECONDS", ingestUntrusted, UNTRUSTED_PARAMETER),
            PROCESSOR_UNTRUSTED.toSeconds());
  }

  /** When a new origin list reaches every request: only the ingest function checks origins. */
  String whenOriginsChanged() {
    return "takes effect within %d s: until then a warm ingest function may still check the former origins (%s)"
        .formatted(
            ingestTrusted.toSeconds(),
            ingest("TRUSTED_CACHE_SECONDS", ingestTrusted, TRUSTED_PARAMETER));
  }

  /** When a new unknown-type policy reaches every event: only the processor reads it. */
  String whenUnknownTypesChanged() {
    return "takes effect within %d s: until then a warm processor may still judge unknown types by the former policy (its trust cache)"
        .formatted(PROCESSOR_TRUSTED.toSeconds());
  }

  private String ingest(String variable, Duration time, String parameter) {
    return switch (source) {
      case LOCAL_RUN -> "%s: %d s, make run's default".formatted(variable, time.toSeconds());
      case STACK -> "%s: %d s, the stack's %s".formatted(variable, time.toSeconds(), parameter);
      case ASSUMED_DEFAULTS ->
          "%s: %d s by default; the stack's %s sets it, --stack NAME reads it"
              .formatted(variable, time.toSeconds(), parameter);
    };
  }

  private static long longest(Duration a, Duration b) {
    return Math.max(a.toSeconds(), b.toSeconds());
  }

  private static Duration seconds(DeployedStack stack, String parameter, Duration otherwise) {
    String text = stack.parameter(parameter, String.valueOf(otherwise.toSeconds()));
    try {
      return Duration.ofSeconds(Long.parseLong(text.strip()));
    } catch (NumberFormatException e) {
      throw new IllegalStateException(
          "stack " + stack.name() + ": parameter " + parameter + " is not a number: " + text, e);
    }
  }
}

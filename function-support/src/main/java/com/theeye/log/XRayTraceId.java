package com.theeye.log;

import com.amazonaws.services.lambda.runtime.Context;
import java.util.Optional;

/**
 * The X-Ray trace id of an invocation, Powertools' {@code xray_trace_id}: the {@code Root=} part of
 * Lambda's tracing header ({@code Root=1-5759e988-bd862e3fe1be46a994272793;Parent=...; Sampled=1}),
 * present when the function is traced ({@code Tracing: Active}).
 */
final class XRayTraceId {

  /**
   * Where Java 17+ runtimes put the header of the current invocation; they leave {@link
   * #ENVIRONMENT_VARIABLE} unset (AWS Lambda Developer Guide, "Defined runtime environment
   * variables").
   */
  static final String SYSTEM_PROPERTY = "com.amazonaws.xray.traceHeader";

  /** Where other runtimes, and older Java ones, put it. */
  static final String ENVIRONMENT_VARIABLE = "_X_AMZN_TRACE_ID";

  private static final String ROOT = "Root=";

  private XRayTraceId() {}

  /**
   * The trace of the invocation {@code context} belongs to: the header the runtime gives the
   * context (the only source that stays right when one environment runs invocations concurrently),
   * else the system property, else the environment variable.
   */
  static Optional<String> of(Context context) {
    return firstRoot(
        context.getXrayTraceId(),
        System.getProperty(SYSTEM_PROPERTY),
        System.getenv(ENVIRONMENT_VARIABLE));
  }

  /** The trace id of the first header given that has one. */
  static Optional<String> firstRoot(String... headers) {
    for (String header : headers) {
      Optional<String> root = root(header);
      if (root.isPresent()) {
        return root;
      }
    }
    return Optional.empty();
  }

  /**
   * The {@code Root=} part of {@code header}, wherever it stands; a header that is a bare trace id
   * (no {@code key=value} parts) is that id, as Powertools reads it.
   */
  static Optional<String> root(String header) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    String[] parts = header.split(";");
    for (String part : parts) {
      String trimmed = part.strip();
      if (trimmed.startsWith(ROOT) && trimmed.length() > ROOT.length()) {
        return Optional.of(trimmed.substring(ROOT.length()));
      }
    }
    String only = parts[0].strip();
    return parts.length == 1 && !only.contains("=") ? Optional.of(only) : Optional.empty();
  }
}

package com.theeye.config;

/**
 * A variable a function needs is not set, or holds a value it cannot use. Thrown at init, so a
 * misconfigured function fails to start instead of failing its first request; the message names the
 * variable and, unless it is a secret, the bad value.
 */
public final class EnvironmentException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final String variable;

  private EnvironmentException(String variable, String message) {
    super(message);
    this.variable = variable;
  }

  /** {@code EVENTS_TABLE is not set}. */
  public static EnvironmentException notSet(String variable) {
    return new EnvironmentException(variable, variable + " is not set");
  }

  /** {@code MAX_BODY_BYTES must be a whole number, was 'abc'}. */
  public static EnvironmentException invalid(String variable, String requirement, String value) {
    return new EnvironmentException(
        variable, variable + " must be " + requirement + ", was '" + value + "'");
  }

  /** Like {@link #invalid}, for a secret: the message says what is wrong, never the value. */
  static EnvironmentException invalidSecret(String variable, String requirement) {
    return new EnvironmentException(
        variable, variable + " must be " + requirement + " (the value is secret, so not shown)");
  }

  /** The variable at fault. */
  public String variable() {
    return variable;
  }
}

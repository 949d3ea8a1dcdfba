package com.theeye.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A function's environment, read through its {@link EnvironmentVariables}: each value parsed once,
 * at init, and a bad one refused with one {@link EnvironmentException} whose message names the
 * variable and the value, e.g. {@code MAX_BODY_BYTES must be a whole number, was 'abc'}.
 *
 * <p>Asking for a variable that was not declared, or for a required one as if it had a default, is
 * a bug in the caller and fails with {@link IllegalArgumentException}.
 */
public final class Environment {

  private final EnvironmentVariables declared;
  private final Map<String, String> values;

  Environment(EnvironmentVariables declared, Map<String, String> values) {
    this.declared = declared;
    this.values = Map.copyOf(values);
  }

  /** A required variable's value, without surrounding white space. */
  public String text(String name) {
    requireDeclared(name, true);
    return values.get(name).strip();
  }

  /** An optional variable's value, without surrounding white space; {@code fallback} when unset. */
  public String text(String name, String fallback) {
    return optional(name).orElse(fallback);
  }

  /**
   * A required variable holding a secret of at least {@code minLength} characters; its value never
   * appears in a message.
   */
  public String secret(String name, int minLength) {
    String value = text(name);
    if (value.length() < minLength) {
      throw EnvironmentException.invalidSecret(name, "at least " + minLength + " characters long");
    }
    return value;
  }

  /** An optional whole number of at least {@code min}; {@code fallback} when unset. */
  public int integer(String name, int fallback, int min) {
    return integer(name, fallback, min, Integer.MAX_VALUE);
  }

  /** An optional whole number from {@code min} to {@code max}; {@code fallback} when unset. */
  public int integer(String name, int fallback, int min, int max) {
    Optional<String> value = optional(name);
    if (value.isEmpty()) {
      return fallback;
    }
    int parsed;
    try {
      parsed = Integer.parseInt(value.get());
    } catch (NumberFormatException e) {
      throw EnvironmentException.invalid(name, "a whole number", value.get());
    }
    if (parsed < min || parsed > max) {
      String range =
          max == Integer.MAX_VALUE ? "at least " + min : "between " + min + " and " + max;
      throw EnvironmentException.invalid(name, range, value.get());
    }
    return parsed;
  }

  /**
   * An optional choice among {@code fallback}'s enum constants, written in lower case ({@code
   * reject}, {@code accept}); {@code fallback} when unset.
   */
  public <E extends Enum<E>> E choice(String name, E fallback) {
    Optional<String> value = optional(name);
    if (value.isEmpty()) {
      return fallback;
    }
    E[] choices = fallback.getDeclaringClass().getEnumConstants();
    for (E choice : choices) {
      if (choice.name().equalsIgnoreCase(value.get())) {
        return choice;
      }
    }
    String names =
        Arrays.stream(choices)
            .map(choice -> choice.name().toLowerCase(Locale.ROOT))
            .collect(Collectors.joining(" or "));
    throw EnvironmentException.invalid(name, names, value.get());
  }

  /** An optional {@code true} or {@code false}; {@code fallback} when unset. */
  public boolean flag(String name, boolean fallback) {
    return choice(name, fallback ? Flag.TRUE : Flag.FALSE) == Flag.TRUE;
  }

  private enum Flag {
    TRUE,
    FALSE
  }

  /** An optional URL with a scheme and a host, e.g. {@code http://localhost:4566}. */
  public Optional<URI> url(String name) {
    Optional<String> value = optional(name);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    String requirement = "a URL with a scheme and a host, e.g. http://localhost:4566";
    try {
      URI uri = new URI(value.get());
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw EnvironmentException.invalid(name, requirement, value.get());
      }
      return Optional.of(uri);
    } catch (URISyntaxException e) {
      throw EnvironmentException.invalid(name, requirement, value.get());
    }
  }

  /** An optional variable's value without surrounding white space; empty when unset or blank. */
  private Optional<String> optional(String name) {
    requireDeclared(name, false);
    String value = values.get(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
  }

  private void requireDeclared(String name, boolean required) {
    if (!(required ? declared.required() : declared.optional()).contains(name)) {
      throw new IllegalArgumentException(
          name + " is not declared " + (required ? "required" : "optional") + ": " + declared);
    }
  }
}

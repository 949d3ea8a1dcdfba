package com.theeye.config;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The environment variables one function reads, declared once: those it cannot start without and
 * those with a default. A function's {@code Config} lists them for the template checks from this
 * declaration and reads them through {@link #read}, which only hands out declared variables, so the
 * lists cannot leave out one the code reads.
 *
 * @param required variables that must be set; {@link #read} fails naming the first one missing
 * @param optional variables with a default
 */
public record EnvironmentVariables(List<String> required, List<String> optional) {

  public EnvironmentVariables {
    required = List.copyOf(required);
    optional = List.copyOf(optional);
    Set<String> seen = new HashSet<>();
    for (String name : required) {
      if (!seen.add(name)) {
        throw new IllegalArgumentException(name + " is declared twice");
      }
    }
    for (String name : optional) {
      if (!seen.add(name)) {
        throw new IllegalArgumentException(name + " is declared twice");
      }
    }
  }

  /** Declares the variables a function cannot start without; add the optional ones after. */
  public static EnvironmentVariables required(String... names) {
    return new EnvironmentVariables(List.of(names), List.of());
  }

  /** These declarations plus {@code names}, which have defaults. */
  public EnvironmentVariables optional(String... names) {
    return new EnvironmentVariables(required, List.of(names));
  }

  /**
   * The declared variables' values in {@code env} (usually {@link System#getenv()}).
   *
   * @throws EnvironmentException naming the first required variable that is not set
   */
  public Environment read(Map<String, String> env) {
    for (String name : required) {
      String value = env.get(name);
      if (value == null || value.isBlank()) {
        throw EnvironmentException.notSet(name);
      }
    }
    return new Environment(this, env);
  }
}

package com.theeye.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EnvironmentTest {

  private enum Mode {
    STRICT,
    LENIENT
  }

  private static final EnvironmentVariables DECLARED =
      EnvironmentVariables.required("TABLE", "KEY").optional("SHARDS", "MODE", "ENDPOINT");

  @Test
  void listsRequiredAndOptionalVariablesAsDeclared() {
    assertEquals(List.of("TABLE", "KEY"), DECLARED.required());
    assertEquals(List.of("SHARDS", "MODE", "ENDPOINT"), DECLARED.optional());
  }

  @Test
  void readsValuesWithoutSurroundingWhiteSpaceAndDefaultsUnsetOnes() {
    Environment env = DECLARED.read(Map.of("TABLE", " events\n", "KEY", "k", "SHARDS", " "));

    assertEquals("events", env.text("TABLE"));
    assertEquals(8, env.integer("SHARDS", 8, 1));
    assertEquals(Mode.STRICT, env.choice("MODE", Mode.STRICT));
    assertEquals(Optional.empty(), env.url("ENDPOINT"));
    assertEquals("fallback", env.text("ENDPOINT", "fallback"));
  }

  @Test
  void readsEachKindOfValue() {
    Environment env =
        DECLARED.read(
            Map.of(
                "TABLE", "t",
                "KEY", "k",
                "SHARDS", "16",
                "MODE", "Lenient",
                "ENDPOINT", "http://localhost:4566"));

    assertEquals(16, env.integer("SHARDS", 8, 1, 64));
    assertEquals(Mode.LENIENT, env.choice("MODE", Mode.STRICT));
    assertEquals(Optional.of(URI.create("http://localhost:4566")), env.url("ENDPOINT"));
  }

  @Test
  void readsAFlagAsTrueOrFalseAndNamesAnythingElse() {
    EnvironmentVariables declared = EnvironmentVariables.required("TABLE").optional("CAPTURE");

    assertEquals(true, declared.read(Map.of("TABLE", "t")).flag("CAPTURE", true));
    assertEquals(
        false, declared.read(Map.of("TABLE", "t", "CAPTURE", "false")).flag("CAPTURE", true));
    assertEquals(
        true, declared.read(Map.of("TABLE", "t", "CAPTURE", "TRUE")).flag("CAPTURE", false));
    Environment yes = declared.read(Map.of("TABLE", "t", "CAPTURE", "yes"));
    EnvironmentException e =
        assertThrows(EnvironmentException.class, () -> yes.flag("CAPTURE", true));
    assertEquals("CAPTURE must be true or false, was 'yes'", e.getMessage());
  }

  @Test
  void aMissingRequiredVariableFailsTheRead() {
    EnvironmentException e =
        assertThrows(EnvironmentException.class, () -> DECLARED.read(Map.of("TABLE", "t")));

    assertEquals("KEY is not set", e.getMessage());
    assertEquals("KEY", e.variable());
  }

  @Test
  void everyBadValueIsNamedWithTheOneWording() {
    assertEquals(
        "SHARDS must be a whole number, was 'abc'",
        failure(() -> read("SHARDS", "abc").integer("SHARDS", 8, 1)));
    assertEquals(
        "SHARDS must be between 1 and 64, was '65'",
        failure(() -> read("SHARDS", "65").integer("SHARDS", 8, 1, 64)));
    assertEquals(
        "MODE must be strict or lenient, was 'maybe'",
        failure(() -> read("MODE", "maybe").choice("MODE", Mode.STRICT)));
    assertEquals(
        "ENDPOINT must be a URL with a scheme and a host, e.g. http://localhost:4566, was"
            + " 'localhost'",
        failure(() -> read("ENDPOINT", "localhost").url("ENDPOINT")));
  }

  @Test
  void aShortSecretIsRefusedWithoutShowingIt() {
    assertEquals(
        "KEY must be at least 8 characters long (the value is secret, so not shown)",
        failure(() -> read("KEY", "hunter2").secret("KEY", 8)));
  }

  @Test
  void readingAVariableThatWasNotDeclaredIsABug() {
    Environment env = read("SHARDS", "4");

    assertThrows(IllegalArgumentException.class, () -> env.text("OTHER"));
    assertThrows(IllegalArgumentException.class, () -> env.integer("TABLE", 1, 1));
  }

  @Test
  void aVariableMayBeDeclaredOnce() {
    assertThrows(
        IllegalArgumentException.class,
        () -> EnvironmentVariables.required("TABLE").optional("TABLE"));
  }

  /** The declared environment with its required variables set and {@code name} set to value. */
  private static Environment read(String name, String value) {
    Map<String, String> env = new HashMap<>(Map.of("TABLE", "t", "KEY", "k"));
    env.put(name, value);
    return DECLARED.read(env);
  }

  private static String failure(Runnable read) {
    return assertThrows(EnvironmentException.class, read::run).getMessage();
  }
}

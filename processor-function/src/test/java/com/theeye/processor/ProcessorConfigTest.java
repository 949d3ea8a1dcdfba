package com.theeye.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.theeye.processor.ProcessorConfig.UnknownEventTypes;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProcessorConfigTest {

  private static final Map<String, String> REQUIRED =
      Map.of(
          "AWS_REGION", "eu-west-1",
          "EVENTS_TABLE", "eye-events",
          "SESSIONS_TABLE", "eye-sessions",
          "INVALID_EVENTS_TABLE", "eye-invalid-events",
          "APPLICATIONS_TABLE", "eye-applications");

  @Test
  void appliesDefaultsWhenOnlyRequiredVariablesAreSet() {
    ProcessorConfig config = ProcessorConfig.fromEnv(REQUIRED);

    assertEquals(
        new ProcessorConfig(
            "eu-west-1",
            "eye-events",
            "eye-sessions",
            "eye-invalid-events",
            "eye-applications",
            UnknownEventTypes.REJECT,
            Duration.ofSeconds(300),
            8,
            Optional.empty(),
            8),
        config);
  }

  @Test
  void readsEveryOptionalVariable() {
    ProcessorConfig config =
        ProcessorConfig.fromEnv(
            with(
                Map.of(
                    "UNKNOWN_EVENT_TYPES", "accept",
                    "CLOCK_SKEW_SECONDS", "60",
                    "INDEX_SHARDS", "16",
                    "RETENTION_DAYS", "30",
                    "BATCH_CONCURRENCY", "4")));

    assertEquals(UnknownEventTypes.ACCEPT, config.unknownEventTypes());
    assertEquals(Duration.ofSeconds(60), config.clockSkew());
    assertEquals(16, config.indexShards());
    assertEquals(Optional.of(Duration.ofDays(30)), config.retention());
    assertEquals(4, config.batchConcurrency());
  }

  @Test
  void namesEachMissingRequiredVariable() {
    for (String name : ProcessorConfig.REQUIRED_ENVIRONMENT) {
      Map<String, String> env = new HashMap<>(REQUIRED);
      env.remove(name);

      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> ProcessorConfig.fromEnv(env));
      assertTrue(e.getMessage().startsWith(name + " "), e.getMessage());
    }
  }

  @Test
  void namesTheVariableHoldingABadValue() {
    assertFailsNaming("UNKNOWN_EVENT_TYPES", "maybe");
    assertFailsNaming("CLOCK_SKEW_SECONDS", "-1");
    assertFailsNaming("INDEX_SHARDS", "0");
    assertFailsNaming("RETENTION_DAYS", "a week");
    assertFailsNaming("BATCH_CONCURRENCY", "0");
  }

  @Test
  void listsEveryVariableItReads() {
    assertEquals(
        java.util.Set.of(
            "AWS_REGION",
            "EVENTS_TABLE",
            "SESSIONS_TABLE",
            "INVALID_EVENTS_TABLE",
            "APPLICATIONS_TABLE",
            "UNKNOWN_EVENT_TYPES",
            "CLOCK_SKEW_SECONDS",
            "INDEX_SHARDS",
            "RETENTION_DAYS",
            "BATCH_CONCURRENCY"),
        java.util.stream.Stream.concat(
                ProcessorConfig.REQUIRED_ENVIRONMENT.stream(),
                ProcessorConfig.OPTIONAL_ENVIRONMENT.stream())
            .collect(java.util.stream.Collectors.toSet()));
  }

  private static void assertFailsNaming(String name, String value) {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> ProcessorConfig.fromEnv(with(Map.of(name, value))));
    assertTrue(e.getMessage().startsWith(name + " "), e.getMessage());
  }

  private static Map<String, String> with(Map<String, String> settings) {
    Map<String, String> env = new HashMap<>(REQUIRED);
    env.putAll(settings);
    return env;
  }
}

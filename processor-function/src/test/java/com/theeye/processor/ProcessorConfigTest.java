package com.theeye.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.theeye.config.EnvironmentException;
import com.theeye.store.UnknownEventTypes;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProcessorConfigTest {

  private static final Map<String, String> REQUIRED =
      Map.of(
          "AWS_REGION", "eu-west-1",
          "EVENTS_TABLE", "eye-events",
          "SESSIONS_TABLE", "eye-sessions",
          "INVALID_EVENTS_TABLE", "eye-invalid-events",
          "APPLICATIONS_TABLE", "eye-applications",
          "IDENTITIES_TABLE", "eye-identities",
          "DELETIONS_TABLE", "eye-deletions",
          "EVENTS_QUEUE_URL", "https://sqs.eu-west-1.amazonaws.com/123456789012/eye-events");

  @Test
  void appliesDefaultsWhenOnlyRequiredVariablesAreSet() {
    ProcessorConfig config = ProcessorConfig.fromEnv(REQUIRED);

    assertEquals(
        new ProcessorConfig(
            "eye-events",
            "eye-sessions",
            "eye-invalid-events",
            "eye-applications",
            "eye-identities",
            "eye-deletions",
            Duration.ofSeconds(60),
            UnknownEventTypes.REJECT,
            Duration.ofSeconds(300),
            8,
            Optional.empty(),
            8,
            ProcessorConfig.DEFAULT_METRICS_NAMESPACE,
            ProcessorConfig.DEFAULT_MAX_RECEIVE_COUNT,
            "https://sqs.eu-west-1.amazonaws.com/123456789012/eye-events"),
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
                    "BATCH_CONCURRENCY", "4",
                    "MAX_RECEIVE_COUNT", "3",
                    "SUPPRESSION_CACHE_SECONDS", "0")));

    assertEquals(UnknownEventTypes.ACCEPT, config.unknownEventTypes());
    assertEquals(Duration.ofSeconds(60), config.clockSkew());
    assertEquals(16, config.indexShards());
    assertEquals(Optional.of(Duration.ofDays(30)), config.retention());
    assertEquals(4, config.batchConcurrency());
    assertEquals(3, config.maxReceiveCount());
    assertEquals(Duration.ZERO, config.suppressionCache());
  }

  @Test
  void namesEachMissingRequiredVariable() {
    for (String name : ProcessorConfig.REQUIRED_ENVIRONMENT) {
      Map<String, String> env = new HashMap<>(REQUIRED);
      env.remove(name);

      EnvironmentException e =
          assertThrows(EnvironmentException.class, () -> ProcessorConfig.fromEnv(env));
      assertEquals(name + " is not set", e.getMessage());
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "UNKNOWN_EVENT_TYPES | maybe  | UNKNOWN_EVENT_TYPES must be reject or accept, was 'maybe'",
        "CLOCK_SKEW_SECONDS  | -1     | CLOCK_SKEW_SECONDS must be at least 0, was '-1'",
        "INDEX_SHARDS        | 0      | INDEX_SHARDS must be at least 1, was '0'",
        "RETENTION_DAYS      | a week | RETENTION_DAYS must be a whole number, was 'a week'",
        "BATCH_CONCURRENCY   | 0      | BATCH_CONCURRENCY must be at least 1, was '0'",
        "SUPPRESSION_CACHE_SECONDS | 301 | SUPPRESSION_CACHE_SECONDS must be between 0 and 300, was '301'",
        "SUPPRESSION_CACHE_SECONDS | -1  | SUPPRESSION_CACHE_SECONDS must be between 0 and 300, was '-1'"
      })
  void namesTheVariableAndItsBadValue(String name, String value, String message) {
    EnvironmentException e =
        assertThrows(
            EnvironmentException.class, () -> ProcessorConfig.fromEnv(with(Map.of(name, value))));
    assertEquals(message, e.getMessage());
  }

  @Test
  void listsEveryVariableItReads() {
    assertEquals(
        Set.of(
            "AWS_REGION",
            "EVENTS_TABLE",
            "SESSIONS_TABLE",
            "INVALID_EVENTS_TABLE",
            "APPLICATIONS_TABLE",
            "IDENTITIES_TABLE",
            "DELETIONS_TABLE",
            "EVENTS_QUEUE_URL",
            "UNKNOWN_EVENT_TYPES",
            "CLOCK_SKEW_SECONDS",
            "INDEX_SHARDS",
            "RETENTION_DAYS",
            "BATCH_CONCURRENCY",
            "METRICS_NAMESPACE",
            "MAX_RECEIVE_COUNT",
            "SUPPRESSION_CACHE_SECONDS"),
        Stream.concat(
                ProcessorConfig.REQUIRED_ENVIRONMENT.stream(),
                ProcessorConfig.OPTIONAL_ENVIRONMENT.stream())
            .collect(Collectors.toSet()));
  }

  private static Map<String, String> with(Map<String, String> settings) {
    Map<String, String> env = new HashMap<>(REQUIRED);
    env.putAll(settings);
    return env;
  }
}

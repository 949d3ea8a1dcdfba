package com.theeye.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.theeye.config.EnvironmentException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IngestConfigTest {

  @Test
  void appliesDefaultsWhenOnlyRequiredVariablesAreSet() {
    assertEquals(
        new IngestConfig(
            "apps",
            "https://sqs.eu-west-1.amazonaws.com/1/events",
            IngestConfig.DEFAULT_MAX_BODY_BYTES,
            IngestConfig.DEFAULT_MAX_BATCH_EVENTS,
            IngestConfig.DEFAULT_MAX_EVENT_BYTES,
            Duration.ofSeconds(60),
            Duration.ofSeconds(10),
            true,
            IngestConfig.DEFAULT_METRICS_NAMESPACE,
            "events",
            "invalid",
            "deletions",
            "arn:aws:secretsmanager:eu-west-1:1:secret:cursor",
            Duration.ofSeconds(300)),
        IngestConfig.fromEnv(required()));
  }

  @Test
  void readsEveryOptionalVariable() {
    Map<String, String> env = required();
    env.put("MAX_BODY_BYTES", "4096");
    env.put("MAX_BATCH_EVENTS", "10");
    env.put("MAX_EVENT_BYTES", "2048");
    env.put("CAPTURE_CLIENT_ADDRESS", "false");
    env.put("TRUSTED_CACHE_SECONDS", "0");
    env.put("UNTRUSTED_CACHE_SECONDS", "5");
    env.put("CURSOR_KEY_REFRESH_SECONDS", "600");

    IngestConfig config = IngestConfig.fromEnv(env);

    assertEquals(4096, config.maxBodyBytes());
    assertEquals(10, config.maxBatchEvents());
    assertEquals(2048, config.maxEventBytes());
    assertEquals(false, config.captureClientAddress());
    assertEquals(Duration.ZERO, config.trustedCacheTtl());
    assertEquals(Duration.ofSeconds(5), config.untrustedCacheTtl());
    assertEquals(Duration.ofSeconds(600), config.cursorKeyRefresh());
  }

  @Test
  void namesEachMissingRequiredVariable() {
    for (String name : IngestConfig.REQUIRED_ENVIRONMENT) {
      Map<String, String> env = required();
      env.remove(name);

      EnvironmentException e =
          assertThrows(EnvironmentException.class, () -> IngestConfig.fromEnv(env));
      assertEquals(name + " is not set", e.getMessage());
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "MAX_BODY_BYTES          | abc    | MAX_BODY_BYTES must be a whole number, was 'abc'",
        "MAX_BODY_BYTES          | 2097153 | MAX_BODY_BYTES must be between 1024 and 2097152, was '2097153'",
        "MAX_EVENT_BYTES         | 204801 | MAX_EVENT_BYTES must be between 1024 and 204800, was '204801'",
        "CAPTURE_CLIENT_ADDRESS  | yes    | CAPTURE_CLIENT_ADDRESS must be true or false, was 'yes'",
        "MAX_BATCH_EVENTS        | 0      | MAX_BATCH_EVENTS must be between 1 and 1000, was '0'",
        "TRUSTED_CACHE_SECONDS   | -1     | TRUSTED_CACHE_SECONDS must be at least 0, was '-1'",
        "UNTRUSTED_CACHE_SECONDS | 1.5    | UNTRUSTED_CACHE_SECONDS must be a whole number, was '1.5'"
      })
  void namesTheVariableAndItsBadValue(String name, String value, String message) {
    Map<String, String> env = required();
    env.put(name, value);

    EnvironmentException e =
        assertThrows(EnvironmentException.class, () -> IngestConfig.fromEnv(env));
    assertEquals(message, e.getMessage());
  }

  private static Map<String, String> required() {
    Map<String, String> env = new HashMap<>();
    env.put("AWS_REGION", "eu-west-1");
    env.put("APPLICATIONS_TABLE", "apps");
    env.put("EVENTS_QUEUE_URL", "https://sqs.eu-west-1.amazonaws.com/1/events");
    env.put("EVENTS_TABLE", "events");
    env.put("INVALID_EVENTS_TABLE", "invalid");
    env.put("DELETIONS_TABLE", "deletions");
    env.put("CURSOR_SECRET_ARN", "arn:aws:secretsmanager:eu-west-1:1:secret:cursor");
    return env;
  }
}

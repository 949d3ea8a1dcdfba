package com.theeye.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.theeye.config.EnvironmentException;
import com.theeye.testsupport.SecretsManagerFake;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QueryConfigTest {

  private static final String SECRET_ARN = SecretsManagerFake.SECRET_ARN;

  @Test
  void readsTheRequiredVariablesAndDefaultsTheRest() {
    QueryConfig config = QueryConfig.fromEnv(required());

    assertEquals("events", config.eventsTable());
    assertEquals("invalid", config.invalidEventsTable());
    assertEquals("identities", config.identitiesTable());
    assertEquals(8, config.indexShards());
    assertEquals(Duration.ofDays(31), config.maxQueryRange());
    assertEquals("deletions", config.deletionsTable());
    assertEquals(
        "https://sqs.eu-west-1.amazonaws.com/123456789012/deletions", config.deletionsQueueUrl());
  }

  @Test
  void readsTheOptionalVariables() {
    Map<String, String> env = required();
    env.put("INDEX_SHARDS", "4");
    env.put("MAX_QUERY_RANGE_DAYS", "7");

    QueryConfig config = QueryConfig.fromEnv(env);

    assertEquals(4, config.indexShards());
    assertEquals(Duration.ofDays(7), config.maxQueryRange());
  }

  @Test
  void failsNamingEachMissingVariable() {
    for (String name : QueryConfig.REQUIRED_ENVIRONMENT) {
      Map<String, String> env = required();
      env.remove(name);
      EnvironmentException error =
          assertThrows(EnvironmentException.class, () -> QueryConfig.fromEnv(env));
      assertEquals(name + " is not set", error.getMessage());
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "INDEX_SHARDS         | 0    | INDEX_SHARDS must be at least 1, was '0'",
        "MAX_QUERY_RANGE_DAYS | zero | MAX_QUERY_RANGE_DAYS must be a whole number, was 'zero'",
        "MAX_QUERY_RANGE_DAYS | 0    | MAX_QUERY_RANGE_DAYS must be at least 1, was '0'"
      })
  void refusesBadNumbersNamingVariableAndValue(String name, String value, String message) {
    Map<String, String> env = required();
    env.put(name, value);

    EnvironmentException error =
        assertThrows(EnvironmentException.class, () -> QueryConfig.fromEnv(env));
    assertEquals(message, error.getMessage());
  }

  @Test
  void readsTheCursorSecretsArnNotItsValueAndRefreshesEveryFiveMinutesByDefault() {
    QueryConfig config = QueryConfig.fromEnv(required());
    assertEquals(SECRET_ARN, config.cursorSecretArn());
    assertEquals(Duration.ofMinutes(5), config.cursorKeyRefresh());
  }

  @Test
  void refusesARefreshBelowAMinute() {
    Map<String, String> env = required();
    env.put("CURSOR_KEY_REFRESH_SECONDS", "10");

    EnvironmentException error =
        assertThrows(EnvironmentException.class, () -> QueryConfig.fromEnv(env));
    assertEquals("CURSOR_KEY_REFRESH_SECONDS", error.variable());
  }

  private static Map<String, String> required() {
    Map<String, String> env = new HashMap<>();
    env.put("AWS_REGION", "eu-west-1");
    env.put("EVENTS_TABLE", "events");
    env.put("INVALID_EVENTS_TABLE", "invalid");
    env.put("IDENTITIES_TABLE", "identities");
    env.put("APPLICATIONS_TABLE", "applications");
    env.put("EVENTS_STREAM_ARN", "arn:aws:dynamodb:eu-west-1:123456789012:table/events/stream/1");
    env.put(
        "INVALID_EVENTS_STREAM_ARN",
        "arn:aws:dynamodb:eu-west-1:123456789012:table/invalid/stream/1");
    env.put("CURSOR_SECRET_ARN", SECRET_ARN);
    env.put("DELETIONS_TABLE", "deletions");
    env.put("DELETIONS_QUEUE_URL", "https://sqs.eu-west-1.amazonaws.com/123456789012/deletions");
    return env;
  }
}

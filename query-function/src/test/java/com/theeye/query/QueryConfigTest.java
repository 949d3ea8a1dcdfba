package com.theeye.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryConfigTest {

  private static final String KEY = "k".repeat(QueryConfig.MIN_SIGNING_KEY_CHARACTERS);

  @Test
  void readsTheRequiredVariablesAndDefaultsTheRest() {
    QueryConfig config = QueryConfig.fromEnv(required());

    assertEquals("eu-west-1", config.region());
    assertEquals("events", config.eventsTable());
    assertEquals("invalid", config.invalidEventsTable());
    assertEquals(8, config.indexShards());
    assertEquals(Duration.ofDays(31), config.maxQueryRange());
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
      IllegalStateException error =
          assertThrows(IllegalStateException.class, () -> QueryConfig.fromEnv(env));
      assertTrue(error.getMessage().contains(name), error.getMessage());
    }
  }

  @Test
  void refusesAShortSigningKeyOrBadNumbers() {
    for (var bad :
        Map.of(
                "CURSOR_SIGNING_KEY", "short",
                "INDEX_SHARDS", "0",
                "MAX_QUERY_RANGE_DAYS", "zero",
                "MAX_QUERY_RANGE_DAYS ", "0")
            .entrySet()) {
      Map<String, String> env = required();
      env.put(bad.getKey().strip(), bad.getValue());
      RuntimeException error =
          assertThrows(RuntimeException.class, () -> QueryConfig.fromEnv(env), bad::toString);
      assertTrue(error.getMessage().contains(bad.getKey().strip()), error.getMessage());
    }
  }

  @Test
  void neverPrintsTheSigningKey() {
    assertFalse(QueryConfig.fromEnv(required()).toString().contains(KEY));
  }

  private static Map<String, String> required() {
    Map<String, String> env = new HashMap<>();
    env.put("AWS_REGION", "eu-west-1");
    env.put("EVENTS_TABLE", "events");
    env.put("INVALID_EVENTS_TABLE", "invalid");
    env.put("CURSOR_SIGNING_KEY", KEY);
    return env;
  }
}

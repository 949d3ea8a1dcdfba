package com.theeye.deletion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.theeye.config.EnvironmentException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeletionConfigTest {

  private static Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("AWS_REGION", "eu-west-1");
    env.put("EVENTS_TABLE", "events");
    env.put("INVALID_EVENTS_TABLE", "invalid");
    env.put("IDENTITIES_TABLE", "identities");
    env.put("SESSIONS_TABLE", "sessions");
    env.put("DELETIONS_TABLE", "deletions");
    env.put("DELETIONS_QUEUE_URL", "https://sqs.eu-west-1.amazonaws.com/1/deletions");
    return env;
  }

  @Test
  void readsTheTablesAndQueueAndDefaultsTheRest() {
    DeletionConfig config = DeletionConfig.fromEnv(env());

    assertEquals("invalid", config.invalidEventsTable());
    assertEquals("deletions", config.deletionsTable());
    assertEquals(8, config.indexShards());
    assertEquals(Duration.ofSeconds(90), config.settle());
  }

  @Test
  void namesAMissingVariable() {
    Map<String, String> env = env();
    env.remove("DELETIONS_QUEUE_URL");

    EnvironmentException e =
        assertThrows(EnvironmentException.class, () -> DeletionConfig.fromEnv(env));

    assertTrue(e.getMessage().contains("DELETIONS_QUEUE_URL"), e.getMessage());
  }

  @Test
  void refusesASettleTimeSqsCannotDelay() {
    Map<String, String> env = env();
    env.put("DELETION_SETTLE_SECONDS", "901");

    EnvironmentException e =
        assertThrows(EnvironmentException.class, () -> DeletionConfig.fromEnv(env));

    assertTrue(e.getMessage().contains("DELETION_SETTLE_SECONDS"), e.getMessage());
  }

  @Test
  void acceptsNoSettleTime() {
    Map<String, String> env = env();
    env.put("DELETION_SETTLE_SECONDS", "0");

    assertEquals(Duration.ZERO, DeletionConfig.fromEnv(env).settle());
  }
}

package com.theeye.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.theeye.operator.ApplicationsCli;
import com.theeye.operator.LocalRun;
import com.theeye.operator.smoke.SmokeCheck;
import com.theeye.testsupport.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code make applications} and {@code make smoke} find a running {@code make run} by themselves,
 * on whatever port it listens, as {@code make replay} does: no URL, no table name, no credentials.
 */
class OperatorToolsFindTheRunnerTest {

  @TempDir Path data;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void anApplicationAddedWithNoSettingsPassesASmokeCheckWithNoUrl() {
    Map<String, String> env = Map.of("EYE_DATA_DIR", data.toString());
    try (LocalEye eye = LocalEye.start(settings(), Fixtures.repoRoot())) {
      assertEquals(URI.create(eye.baseUrl()), LocalRun.find(env).api());

      int added =
          ApplicationsCli.run(List.of("add", "--name", "shop"), env, print(out), print(err));
      assertEquals(0, added, err());
      UUID shop = UUID.fromString(out().strip());
      out.reset();

      int smoke = SmokeCheck.run(List.of("", shop.toString()), env, print(out), print(err));

      assertEquals(0, smoke, out() + err());
      assertTrue(
          out().startsWith("No URL: checking the running make run at " + eye.baseUrl()), out());
      assertTrue(out().contains("(application " + shop + ","), out());
    }
  }

  /** Port 0 picks a free port: not 8000, so the tools must read where it listens. */
  private LocalSettings settings() {
    return new LocalSettings(
        "127.0.0.1",
        0,
        data,
        Optional.of(LocalSettings.SEED_APPLICATION),
        LocalSettings.QueueSettings.TEMPLATE_DEFAULTS,
        Duration.ofSeconds(20));
  }

  private static PrintStream print(ByteArrayOutputStream sink) {
    return new PrintStream(sink, true, StandardCharsets.UTF_8);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }
}

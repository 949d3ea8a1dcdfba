package com.theeye.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.theeye.operator.TailCli;
import com.theeye.testsupport.Eventually;
import com.theeye.testsupport.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code make tail} against the local runner: arrivals as lines or JSON, the filters passed on, the
 * running make run found without settings, and a refused filter ending it with status 2.
 */
class TailAgainstLocalRunnerTest {

  private static final String APPLICATION = LocalSettings.SEED_APPLICATION.toString();
  private static final Duration PRINTED_WITHIN = Duration.ofSeconds(30);

  @TempDir static Path data;
  private static LocalEye eye;
  private static LocalApi api;

  @BeforeAll
  static void start() {
    eye = LocalEye.start(TestRunners.settings(data), Fixtures.repoRoot());
    api = new LocalApi(eye, APPLICATION);
  }

  @AfterAll
  static void stop() {
    if (eye != null) {
      eye.close();
    }
  }

  @Test
  void jsonLinesCarryEveryOutcomeOfTheSessionAskedFor() {
    UUID session = UUID.randomUUID();
    Tail tail =
        Tail.start(Map.of(), "--url", eye.baseUrl(), "--json", "--session", session.toString());
    tail.awaitWatching();
    post(session, "{\"host\":\"a\",\"path\":\"/\",\"element\":\"buy\"}");
    post(UUID.randomUUID(), "{\"host\":\"a\",\"path\":\"/\",\"element\":\"other\"}");

    List<String> lines = tail.awaitLines(l -> l.stream().anyMatch(s -> s.contains("\"stored\"")));

    assertEquals(0, tail.stop(), tail.errors());
    List<String> outcomes = new ArrayList<>();
    for (String line : lines) {
      JsonNode arrival = LocalApi.json(line);
      assertEquals(session.toString(), arrival.path("session_id").asText(), line);
      outcomes.add(arrival.path("outcome").asText());
    }
    assertEquals(List.of("queued", "stored"), outcomes);
  }

  @Test
  void linesForPeopleShowAnInvalidEventsErrorsInPlainWords() {
    UUID session = UUID.randomUUID();
    Tail tail =
        Tail.start(
            Map.of(),
            "--url",
            eye.baseUrl(),
            "--outcome",
            "invalid",
            "--session",
            session.toString());
    tail.awaitWatching();
    post(session, "{\"host\":\"a\",\"path\":\"/\",\"element\":\"fine\"}");
    post(session, "{\"host\":\"a\",\"path\":\"/\"}");

    List<String> lines = tail.awaitLines(l -> l.size() >= 2);

    assertEquals(0, tail.stop(), tail.errors());
    assertEquals(2, lines.size(), lines::toString);
    assertTrue(
        lines.get(0).contains("invalid") && lines.get(0).contains("page interaction / cta click"),
        lines.get(0));
    assertEquals("    data.element: required", lines.get(1));
  }

  @Test
  void withoutSettingsItWatchesTheRunningMakeRun() {
    UUID session = UUID.randomUUID();
    Tail tail =
        Tail.start(
            Map.of("EYE_DATA_DIR", data.toString()), "--json", "--session", session.toString());
    tail.awaitWatching();
    post(session, "{\"host\":\"a\",\"path\":\"/\",\"element\":\"x\"}");

    tail.awaitLines(l -> !l.isEmpty());

    assertEquals(0, tail.stop(), tail.errors());
    assertTrue(
        tail.errors().contains("watching the running make run at " + eye.baseUrl()), tail.errors());
  }

  @Test
  void aFilterTheApiRefusesEndsItWithStatusTwo() {
    Tail tail = Tail.start(Map.of(), "--url", eye.baseUrl(), "--outcome", "lost");

    int status = tail.result.join();

    assertEquals(2, status);
    assertTrue(tail.errors().contains("\\\"lost\\\" is not a valid choice"), tail.errors());
  }

  private static void post(UUID session, String data) {
    String body =
        "{\"session_id\":\""
            + session
            + "\",\"category\":\"page interaction\",\"name\":\"cta click\",\"data\":"
            + data
            + ",\"timestamp\":\"2021-01-01 09:15:27.243860\"}";
    assertEquals(202, api.post(body).statusCode());
  }

  /** A running tail: what it printed so far, and a way to stop it as Ctrl-C would. */
  private record Tail(
      ByteArrayOutputStream out,
      ByteArrayOutputStream err,
      AtomicBoolean stopped,
      CompletableFuture<Integer> result) {

    static Tail start(Map<String, String> env, String... args) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      AtomicBoolean stopped = new AtomicBoolean();
      CompletableFuture<Integer> result =
          CompletableFuture.supplyAsync(
              () ->
                  TailCli.run(
                      withShortWaits(args),
                      env,
                      new PrintStream(out, true, StandardCharsets.UTF_8),
                      new PrintStream(err, true, StandardCharsets.UTF_8),
                      stopped::get));
      return new Tail(out, err, stopped, result);
    }

    /** Each request waits a second, so a stop is seen within about one. */
    private static List<String> withShortWaits(String... args) {
      List<String> all = new ArrayList<>(List.of(args));
      all.add("--wait");
      all.add("1");
      return all;
    }

    /** Until it has its first cursor: what is posted afterwards is what it must print. */
    void awaitWatching() {
      Eventually.await(
          PRINTED_WITHIN, this::errors, e -> e.contains("Following"), "the tail following");
    }

    List<String> awaitLines(Predicate<List<String>> done) {
      return Eventually.await(
          PRINTED_WITHIN,
          () -> out.toString(StandardCharsets.UTF_8).lines().toList(),
          done,
          "the tail's lines; errors: " + errors());
    }

    int stop() {
      stopped.set(true);
      return result.join();
    }

    String errors() {
      return err.toString(StandardCharsets.UTF_8);
    }
  }
}

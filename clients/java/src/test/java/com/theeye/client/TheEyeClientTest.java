package com.theeye.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.theeye.local.LocalEye;
import com.theeye.local.LocalSettings;
import com.theeye.testsupport.Eventually;
import com.theeye.testsupport.Fixtures;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client against the real handlers: the local runner in this JVM (ElasticMQ, dynalite, the
 * ingest, processor and query functions), behind a gateway that can play an overloaded API.
 */
class TheEyeClientTest {

  private static final Duration STORED_WITHIN = Duration.ofSeconds(20);
  private static final Pattern PATH = Pattern.compile("\"path\":\"([^\"]*)\"");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path data;
  private static LocalEye eye;

  private FlakyGateway gateway;
  private final UUID session = UUID.randomUUID();

  @BeforeAll
  static void startTheEye() {
    eye =
        LocalEye.start(
            new LocalSettings(
                "127.0.0.1",
                0,
                data,
                Optional.of(LocalSettings.SEED_APPLICATION),
                new LocalSettings.QueueSettings(Duration.ofSeconds(1), 3, 10),
                Duration.ofSeconds(10)),
            Fixtures.repoRoot());
  }

  @AfterAll
  static void stopTheEye() {
    eye.close();
  }

  @BeforeEach
  void startGateway() throws IOException {
    gateway = new FlakyGateway(eye.baseUrl());
  }

  @AfterEach
  void stopGateway() {
    gateway.close();
  }

  @Test
  void flushSendsTrackedEventsInBatchesAndTheyAreStored() throws Exception {
    try (TheEyeClient client = client(b -> b.batchSize(2))) {
      for (int i = 1; i <= 5; i++) {
        assertTrue(client.track(session, "page interaction", "pageview", page("/" + i)));
      }

      client.flush().get(30, TimeUnit.SECONDS);

      assertEquals(List.of(202, 202, 202), gateway.statuses());
      assertEquals(5, client.acceptedEvents());
    }
    assertEquals(List.of("/1", "/2", "/3", "/4", "/5"), storedPaths(5));
  }

  @Test
  void a503IsRetriedAfterItsRetryAfterUntilTheEventIsStored() throws Exception {
    gateway.failNext(2);
    try (TheEyeClient client = client(b -> b)) {
      client.track(session, "page interaction", "pageview", page("/during-an-outage"));
      long started = System.nanoTime();

      client.flush().get(30, TimeUnit.SECONDS);

      assertEquals(List.of(503, 503, 202), gateway.statuses());
      assertTrue(
          Duration.ofNanos(System.nanoTime() - started).toMillis() >= 2000,
          "waited Retry-After (1 s) twice");
    }
    assertEquals(List.of("/during-an-outage"), storedPaths(1));
  }

  @Test
  void aRefusedEventIsNeverRetriedNorTakesTheRestOfItsBatchWithIt() throws Exception {
    try (TheEyeClient client = client(b -> b)) {
      client.track(session, "page interaction", "pageview", page("/good"));
      client.track(session, "page interaction", "x".repeat(201), page("/too-long-a-name"));

      client.flush().get(30, TimeUnit.SECONDS);

      // The batch of two is refused whole, then each half is sent alone: the bad one once.
      assertEquals(List.of(400, 202, 400), gateway.statuses());
      assertEquals(1, client.acceptedEvents());
      assertEquals(1, client.refusedEvents());
    }
    assertEquals(List.of("/good"), storedPaths(1));
  }

  @Test
  void anUntrustedApplicationIsRefusedOnceAndNotRetried() throws Exception {
    try (TheEyeClient client = client(b -> b.application(UUID.randomUUID()))) {
      client.track(session, "page interaction", "pageview", page("/a"));
      client.track(session, "page interaction", "pageview", page("/b"));

      client.flush().get(30, TimeUnit.SECONDS);

      assertEquals(List.of(401), gateway.statuses());
      assertEquals(2, client.refusedEvents());
    }
  }

  @Test
  void trackNeverWaitsAndDropsNewEventsWhenTheBufferIsFull() throws Exception {
    URI nothingListens;
    try (ServerSocket socket = new ServerSocket(0)) {
      nothingListens = URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }
    TheEyeClient client =
        TheEyeClient.builder()
            .endpoint(nothingListens)
            .application(LocalSettings.SEED_APPLICATION)
            .maxQueuedEvents(3)
            .flushInterval(Duration.ofHours(1))
            .retryDelays(Duration.ofMillis(50), Duration.ofMillis(100))
            .closeTimeout(Duration.ofMillis(500))
            .build();
    List<Boolean> kept = new ArrayList<>();
    long started = System.nanoTime();
    for (int i = 0; i < 5; i++) {
      kept.add(client.track(session, "page interaction", "pageview", page("/" + i)));
    }
    long tracking = System.nanoTime() - started;
    long closing = System.nanoTime();
    client.close();

    assertEquals(List.of(true, true, true, false, false), kept);
    assertTrue(Duration.ofNanos(tracking).toMillis() < 1000, "track never waits on the network");
    assertTrue(Duration.ofNanos(System.nanoTime() - closing).toSeconds() < 5, "close is bounded");
    assertEquals(5, client.droppedEvents(), "2 over the limit, 3 unsent at close");
    assertFalse(client.track(session, "page interaction", "pageview", page("/after-close")));
  }

  @Test
  void closeSendsWhatIsStillQueued() throws Exception {
    TheEyeClient client = client(b -> b.flushInterval(Duration.ofHours(1)));
    client.track(session, "page interaction", "pageview", page("/last-words"));

    client.close();

    assertEquals(List.of(202), gateway.statuses());
    assertEquals(List.of("/last-words"), storedPaths(1));
  }

  private TheEyeClient client(java.util.function.UnaryOperator<TheEyeClient.Builder> settings) {
    return settings
        .apply(
            TheEyeClient.builder()
                .endpoint(gateway.uri())
                .application(LocalSettings.SEED_APPLICATION)
                .retryDelays(Duration.ofMillis(50), Duration.ofMillis(200)))
        .build();
  }

  private static Map<String, Object> page(String path) {
    return Map.of("host", "shop.example", "path", path);
  }

  /** The paths of the session's stored events, in order, once there are {@code count}. */
  private List<String> storedPaths(int count) {
    return Eventually.await(
        STORED_WITHIN,
        () -> {
          List<String> paths = new ArrayList<>();
          Matcher matcher = PATH.matcher(sessionEvents());
          while (matcher.find()) {
            paths.add(matcher.group(1));
          }
          return paths;
        },
        paths -> paths.size() >= count,
        count + " stored events");
  }

  private String sessionEvents() {
    try {
      return HTTP.send(
              HttpRequest.newBuilder(
                      URI.create(eye.baseUrl() + "/api/v1/events/?session_id=" + session))
                  .build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}

package com.theeye.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
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

  @Test
  void aLoneEventIsSentAfterTheFlushIntervalWithoutAFlush() {
    try (TheEyeClient client = client(b -> b.flushInterval(Duration.ofMillis(200)))) {
      client.track(session, "page interaction", "pageview", page("/alone"));

      assertEquals(List.of("/alone"), storedPaths(1));
      assertEquals(List.of(202), gateway.statuses());
    }
  }

  @Test
  void eventsCarryTheirIdentityAndEveryRequestStampsItsOwnSentAt() throws Exception {
    gateway.failNext(1);
    try (TheEyeClient client = client(b -> b)) {
      client.track(
          TrackedEvent.of(session, "page interaction", "pageview", page("/identified"))
              .withAnonymousId("anonymous-7")
              .withUserId("user-42"));

      client.flush().get(30, TimeUnit.SECONDS);
    }

    assertEquals(List.of(503, 202), gateway.statuses());
    List<String> sentAt = new ArrayList<>();
    for (String body : gateway.bodies()) {
      assertTrue(body.contains("\"anonymous_id\":\"anonymous-7\",\"user_id\":\"user-42\""), body);
      Matcher matcher = Pattern.compile("\"sent_at\":\"([^\"]+)\"").matcher(body);
      assertTrue(matcher.find(), body);
      sentAt.add(matcher.group(1));
    }
    assertTrue(
        Instant.parse(sentAt.get(1)).isAfter(Instant.parse(sentAt.get(0))),
        "the retry's sent_at is its own: " + sentAt);
    assertEquals(List.of("/identified"), storedPaths(1));
  }

  @Test
  void theIdentityIsOnTheStoredEvents() throws Exception {
    try (TheEyeClient client = client(b -> b)) {
      client.track(
          TrackedEvent.of(session, "page interaction", "pageview", page("/stored-with-ids"))
              .withAnonymousId("anonymous-8")
              .withUserId("user-43"));
      client.flush().get(30, TimeUnit.SECONDS);
    }
    storedPaths(1);

    String stored = sessionEvents();
    assertTrue(stored.contains("\"user_id\":\"user-43\""), stored);
    assertTrue(stored.contains("\"anonymous_id\":\"anonymous-8\""), stored);
  }

  @Test
  void beforeSendChangesOrDropsEventsBeforeTheyAreQueued() throws Exception {
    try (TheEyeClient client =
        client(
            b ->
                b.beforeSend(
                    event ->
                        event.name().equals("secret")
                            ? null
                            : event.withData(
                                Map.of("host", "shop.example", "path", "/scrubbed"))))) {
      assertTrue(
          client.track(
              session,
              "page interaction",
              "pageview",
              Map.of("host", "shop.example", "path", "/x", "email", "someone@example.com")));
      assertFalse(client.track(session, "page interaction", "secret", page("/never")));

      client.flush().get(30, TimeUnit.SECONDS);
    }

    assertEquals(List.of("/scrubbed"), storedPaths(1));
    assertFalse(String.join("", gateway.bodies()).contains("someone@example.com"));
    assertFalse(String.join("", gateway.bodies()).contains("secret"));
  }

  @Test
  void onDropIsToldOfRefusedOverflowingAndClosedEvents() throws Exception {
    List<String> told = new CopyOnWriteArrayList<>();
    try (TheEyeClient client =
        client(
            b ->
                b.maxQueuedEvents(1)
                    .flushInterval(Duration.ofHours(1))
                    .onDrop((reason, events) -> told.add(reason + " " + events.size())))) {
      client.track(session, "page interaction", "x".repeat(201), page("/refused"));
      assertFalse(client.track(session, "page interaction", "pageview", page("/overflow")));

      client.flush().get(30, TimeUnit.SECONDS);
      client.close();
      assertFalse(client.track(session, "page interaction", "pageview", page("/after-close")));

      assertEquals(List.of("OVERFLOW 1", "REFUSED 1", "CLOSED 1"), told);
      assertEquals(1, client.refusedEvents());
      assertEquals(2, client.droppedEvents());
    }
  }

  @Test
  void aDiskQueueSendsWhatAStoppedClientLeftUnsentAndNothingItHadSent(@TempDir Path queue)
      throws Exception {
    TheEyeClient first =
        client(b -> b.diskQueue(queue, 1_000_000).closeTimeout(Duration.ofMillis(500)));
    first.track(session, "page interaction", "pageview", page("/sent"));
    first.flush().get(30, TimeUnit.SECONDS);
    gateway.failNext(1_000); // The Eye unavailable until the host application stops
    first.track(session, "page interaction", "pageview", page("/unsent-1"));
    first.track(session, "page interaction", "pageview", page("/unsent-2"));
    Eventually.await(STORED_WITHIN, gateway::statuses, s -> s.contains(503), "a failed attempt");
    first.close();
    assertEquals(0, first.droppedEvents(), "kept on disk, not dropped");

    gateway.failNext(0);
    try (TheEyeClient next = client(b -> b.diskQueue(queue, 1_000_000))) {
      next.flush().get(30, TimeUnit.SECONDS);
    }

    assertEquals(List.of("/sent", "/unsent-1", "/unsent-2"), storedPaths(3));
    assertEquals(List.of("/sent", "/unsent-1", "/unsent-2"), acceptedPaths(), "each sent once");
  }

  @Test
  void aDiskQueueOutlivesAKillMinus9OfTheHostApplication(@TempDir Path queue, @TempDir Path source)
      throws Exception {
    gateway.failNext(1_000_000); // nothing gets through while the host application runs
    Path host = source.resolve("Host.java");
    Files.writeString(
        host,
"""
        import com.theeye.client.TheEyeClient;
        import java.net.URI;
        import java.nio.file.Files;
import java.nio.file.Path;
        import java.util.Map;
        import java.util.UUID;

        public class Host {
          public static void main(String[] args) throws Exception {
            TheEyeClient eye = TheEyeClient.builder()
                .endpoint(URI.create(args[0]))
                .application(UUID.fromString(args[1]))
                .diskQueue(Path.of(args[2]), 1_000_000)
                .build();
            for (int i = 1; i <= 3; i++) {
              eye.track(UUID.fromString(args[3]), "page interaction", "pageview",
                  Map.of("host", "shop.example", "path", "/before-the-crash-" + i));
            }
            System.out.println("tracked");
            Thread.sleep(Long.MAX_VALUE);
          }
        }
        """);
    Path classes =
        Path.of(TheEyeClient.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Process process =
        new ProcessBuilder(
                ProcessHandle.current().info().command().orElse("java"),
                "-cp",
                classes.toString(),
                host.toString(),
                gateway.uri().toString(),
                LocalSettings.SEED_APPLICATION.toString(),
                queue.toString(),
                session.toString())
            .redirectErrorStream(true)
            .start();
    try (var output = process.inputReader()) {
      assertEquals("tracked", output.readLine());
    } finally {
      process.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no close()
    }

    gateway.failNext(0);
    try (TheEyeClient next = client(b -> b.diskQueue(queue, 1_000_000))) {
      next.flush().get(30, TimeUnit.SECONDS);
    }

    assertEquals(
        List.of("/before-the-crash-1", "/before-the-crash-2", "/before-the-crash-3"),
        storedPaths(3));
  }

  @Test
  void aDiskQueueIsBoundedAndBelongsToOneClient(@TempDir Path queue) throws Exception {
    List<String> told = new CopyOnWriteArrayList<>();
    gateway.failNext(1_000_000);
    try (TheEyeClient client =
        client(
            b ->
                b.diskQueue(queue, 4096)
                    .closeTimeout(Duration.ofMillis(200))
                    .onDrop((reason, events) -> told.add(reason + " " + events.size())))) {
      Map<String, Object> big =
          Map.of("host", "shop.example", "path", "/big", "filler", "x".repeat(1000));
      List<Boolean> kept = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        kept.add(client.track(session, "page interaction", "pageview", big));
      }

      assertEquals(List.of(true, true, true, false, false), kept);
      assertEquals(List.of("OVERFLOW 1", "OVERFLOW 1"), told);
      IllegalStateException taken =
          assertThrows(
              IllegalStateException.class, () -> client(b -> b.diskQueue(queue, 1_000_000)));
      assertTrue(
          taken.getMessage().contains("another TheEyeClient uses the disk queue"),
          taken.getMessage());
    }
  }

  /** The paths of the events in the requests The Eye accepted, in order. */
  private List<String> acceptedPaths() {
    List<String> paths = new ArrayList<>();
    List<Integer> statuses = gateway.statuses();
    List<String> bodies = gateway.bodies();
    for (int i = 0; i < statuses.size(); i++) {
      if (statuses.get(i) == 202) {
        Matcher matcher = PATH.matcher(bodies.get(i));
        while (matcher.find()) {
          paths.add(matcher.group(1));
        }
      }
    }
    return paths;
  }

  @Test
  void eachAcceptedEventsReceiptTellsWhetherItWasStoredOrInvalid() throws Exception {
    Map<String, String> receipts = new java.util.concurrent.ConcurrentHashMap<>();
    try (TheEyeClient client = client(b -> b.onReceipt(receipts::put))) {
      client.track(session, "page interaction", "pageview", page("/with-a-receipt"));
      // No host: the pageview schema refuses it, after the 202.
      client.track(session, "page interaction", "pageview", Map.of("path", "/no-host"));
      client.flush().get(30, TimeUnit.SECONDS);

      assertEquals(2, receipts.size(), receipts.toString());
      List<ReceiptStatus.Status> settled =
          receipts.values().stream().map(r -> settled(client, r).status()).sorted().toList();

      assertEquals(List.of(ReceiptStatus.Status.STORED, ReceiptStatus.Status.INVALID), settled);
      ReceiptStatus invalid =
          receipts.values().stream()
              .map(r -> settled(client, r))
              .filter(r -> r.status() == ReceiptStatus.Status.INVALID)
              .findFirst()
              .orElseThrow();
      assertFalse(invalid.errors().isEmpty());
      assertEquals(Optional.empty(), client.receipt("bm8tc3VjaC1yZWNlaXB0.AAAA"));
    }
  }

  /** The receipt's status once it is no longer pending. */
  private static ReceiptStatus settled(TheEyeClient client, String receipt) {
    return Eventually.await(
        STORED_WITHIN,
        () -> {
          try {
            return client.receipt(receipt).orElseThrow();
          } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
          }
        },
        status -> status.status() != ReceiptStatus.Status.PENDING,
        "the event stored or judged invalid");
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

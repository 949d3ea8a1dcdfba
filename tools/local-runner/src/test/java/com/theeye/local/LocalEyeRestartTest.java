package com.theeye.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.theeye.emulators.QueueDepth;
import com.theeye.event.Event;
import com.theeye.event.EventCodec;
import com.theeye.event.ExactJson;
import com.theeye.operator.ReplayTarget;
import com.theeye.testsupport.Eventually;
import com.theeye.testsupport.Fixtures;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local runner across its stops and starts: what it keeps in its data folder, what it puts back
 * on the queues, and what an earlier version left there. Each test starts its own runners.
 */
class LocalEyeRestartTest {

  private static final Duration STORED_WITHIN = Duration.ofSeconds(60);

  @TempDir Path data;

  @Test
  void storedEventsSurviveARestart() {
    String id;
    try (LocalEye eye = start(data)) {
      id = accept(eye, UUID.randomUUID(), "/before-restart");
      awaitStored(eye, Set.of(id));
    }
    try (LocalEye eye = start(data)) {
      assertTrue(
          LocalApiClient.storedIds(eye.baseUrl()).contains(id), "still there after a restart");
    }
  }

  @Test
  void shutdownDrainsTheQueueBeforeStoppingSoNoAcceptedEventIsLost() {
    List<String> accepted = new ArrayList<>();
    try (LocalEye eye = start(data)) {
      UUID session = UUID.randomUUID();
      for (int batch = 0; batch < 5; batch++) {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          events.add(LocalApiClient.pageview(session, "/page/" + batch + "/" + i));
        }
        var response = api(eye).post("[" + String.join(",", events) + "]");
        assertEquals(202, response.statusCode(), response::body);
        LocalApi.json(response.body()).forEach(event -> accepted.add(event.get("id").asText()));
      }
    } // close() right away: whatever is still queued must be stored before the emulators stop
    assertEquals(100, accepted.size());
    try (LocalEye eye = start(data)) {
      assertTrue(LocalApiClient.storedIds(eye.baseUrl()).containsAll(accepted));
    }
  }

  @Test
  void aMessageStillFailingAtShutdownIsSavedToDiskAndRequeuedAtTheNextStart() throws Exception {
    try (LocalEye eye = start(data)) {
      eye.sqs().sendMessage(b -> b.queueUrl(eye.queueUrl()).messageBody("not an event"));
      Eventually.await(
          STORED_WITHIN,
          () -> visible(eye, eye.queueUrl()),
          visible -> visible == 0,
          "the event source to take the poison message");
    }
    assertEquals(1, journalLinesContaining("not an event"), "journaled at the stop, once");
    try (LocalEye eye = start(data)) {
      int onQueues =
          QueueDepth.of(eye.sqs(), eye.queueUrl())
              + QueueDepth.of(eye.sqs(), eye.deadLetterQueueUrl());
      assertEquals(1, onQueues, "the message is back on a queue");
    }
  }

  @Test
  void queueFilesAnEarlierVersionSavedAtStopGoBackOnTheirQueues() throws Exception {
    Path queueFolder = Files.createDirectories(data.resolve("queue"));
    Files.writeString(queueFolder.resolve("events.jsonl"), "{\"body\":\"queued\"}\n");
    Files.writeString(queueFolder.resolve("dead-letters.jsonl"), "{\"body\":\"dead\"}\n");
    Files.writeString(queueFolder.resolve("events.jsonl.partial"), "");

    try (LocalEye eye = start(data)) {
      // "queued" is no event: it fails, and may be dead-lettered too by now.
      int deadLetters = QueueDepth.of(eye.sqs(), eye.deadLetterQueueUrl());
      assertEquals(2, QueueDepth.of(eye.sqs(), eye.queueUrl()) + deadLetters);
      assertTrue(deadLetters >= 1, "the dead letter is back");
      assertEquals(1, journalLinesContaining("\"queued\""), "journaled before its file goes");
      for (String gone : List.of("events.jsonl", "dead-letters.jsonl", "events.jsonl.partial")) {
        assertFalse(Files.exists(queueFolder.resolve(gone)), gone + " is removed");
      }
    }
  }

  /**
   * The single journal file of the previous version, past the 2 GiB that once failed every start (a
   * file's size read as an int): a sparse file, its events at the end, as many gigabytes of stored
   * events would leave them. Each of its messages is put back and stored; the file is gone.
   */
  @Test
  void aJournalOfAnEarlierVersionOverTwoGibibytesIsReadAsAStreamAndPutBack() throws Exception {
    UUID session = UUID.randomUUID();
    List<String> lines = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Event event = pageview(session, "/large-journal/" + i);
      lines.add(JournalLines.body(EventCodec.toMessage(event)));
      ids.add(event.id());
    }
    Path journal = Files.createDirectories(data.resolve("queue")).resolve("journal.jsonl");
    try (RandomAccessFile file = new RandomAccessFile(journal.toFile(), "rw")) {
      file.setLength(Integer.MAX_VALUE + 64L * 1024 * 1024);
      file.seek(file.length());
      file.write(("\n" + String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    try (LocalEye eye = start(data)) {
      awaitStored(eye, Set.copyOf(ids));
    }
    assertFalse(Files.exists(journal), "taken into the journal's folder and removed");
  }

  @Test
  void recordsItsEndpointsWhileRunningSoMakeReplayNeedsNoSettings() {
    try (LocalEye eye = start(data)) {
      ReplayTarget target = ReplayTarget.fromLocalRun(data);
      assertEquals(eye.queueUrl(), target.eventsQueueUrl());
      assertEquals(LocalResources.TABLES.applications(), target.applicationsTable());
      assertEquals(LocalResources.TABLES.invalidEvents(), target.invalidEventsTable());
      assertEquals(8, target.indexShards());
      assertTrue(target.sqsEndpoint().isPresent() && target.dynamoDbEndpoint().isPresent());
    }
    assertTrue(
        Files.notExists(data.resolve(ReplayTarget.LOCAL_FILE)),
        "removed at stop, so no tool finds a runner that is gone");
  }

  @Test
  void aSecondRunnerOnADataFolderInUseIsRefusedAndSaysWhichFolderAndWhatToDo() {
    try (LocalEye first = start(data)) {
      LocalEye.StartupException refused =
          assertThrows(LocalEye.StartupException.class, () -> start(data));

      assertTrue(refused.getMessage().contains("another runner"), refused::getMessage);
      assertTrue(refused.getMessage().contains(data.toString()), refused::getMessage);
      assertTrue(refused.getMessage().contains("EYE_DATA_DIR"), refused::getMessage);
      assertEquals(
          202, api(first).post(LocalApiClient.pageview(UUID.randomUUID(), "/")).statusCode());
    }
    try (LocalEye next = start(data)) {
      assertTrue(next.baseUrl().startsWith("http://"), "the lock is released at stop");
    }
  }

  static LocalEye start(Path data) {
    return LocalEye.start(TestRunners.settings(data), Fixtures.repoRoot());
  }

  private static LocalApi api(LocalEye eye) {
    return new LocalApi(eye, LocalSettings.SEED_APPLICATION.toString());
  }

  private static String accept(LocalEye eye, UUID session, String path) {
    var response = LocalApiClient.postPageview(eye.baseUrl(), session, path);
    assertEquals(202, response.statusCode(), response::body);
    return LocalApiClient.acceptedId(response);
  }

  private static void awaitStored(LocalEye eye, Set<String> ids) {
    Eventually.await(
        STORED_WITHIN,
        () -> LocalApiClient.storedIds(eye.baseUrl()),
        stored -> stored.containsAll(ids),
        "events " + ids + " stored");
  }

  /** A pageview as the ingest accepts it, on the day {@link LocalApiClient#storedIds} reads. */
  private static Event pageview(UUID session, String path) {
    ObjectNode data =
        ExactJson.MAPPER.createObjectNode().put("host", "load.example").put("path", path);
    Instant at = Instant.parse("2026-01-01T00:00:00Z");
    return Event.identified(
        LocalSettings.SEED_APPLICATION, session, "page interaction", "pageview", data, at, at);
  }

  private long journalLinesContaining(String text) throws Exception {
    try (Stream<Path> files = Files.list(data.resolve("queue/journal"))) {
      long count = 0;
      for (Path file : files.toList()) {
        count += Files.readAllLines(file).stream().filter(line -> line.contains(text)).count();
      }
      return count;
    }
  }

  private static int visible(LocalEye eye, String queueUrl) {
    return Integer.parseInt(
        eye.sqs()
            .getQueueAttributes(
                b -> b.queueUrl(queueUrl).attributeNamesWithStrings("ApproximateNumberOfMessages"))
            .attributesAsStrings()
            .get("ApproximateNumberOfMessages"));
  }
}

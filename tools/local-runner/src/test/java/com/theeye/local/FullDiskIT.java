package com.theeye.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.theeye.event.ExactJson;
import com.theeye.store.TableLayout;
import com.theeye.testsupport.Eventually;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The runner with its data folder on a small disk that fills up: a real tmpfs of 2 MiB, filled to
 * the last byte, so the journal and dynalite's LevelDB meet the kernel's own ENOSPC. No 202 is
 * given for an event the journal cannot keep, a stop on the full disk still runs every step, and
 * once space is back every event answered 202 is stored, and every minute reconciles.
 */
class FullDiskIT {

  /** Generous: on a busy machine a runner's steps take many times as long as on an idle one. */
  private static final Duration WITHIN = Duration.ofSeconds(180);

  private static final int STORED_FIRST = 20;
  private static final int DEAD_LETTERS = 10;

  @TempDir Path mountPoint;

  private boolean mounted;

  @BeforeEach
  void mountASmallDisk() throws Exception {
    String said;
    try {
      Process mount =
          new ProcessBuilder(
                  "mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mountPoint.toString())
              .redirectErrorStream(true)
              .start();
      said = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      mounted = mount.waitFor(30, TimeUnit.SECONDS) && mount.exitValue() == 0;
    } catch (IOException e) {
      said = "no mount command: " + e.getMessage();
    }
    String reason = said;
    Assumptions.assumeTrue(
        mounted,
        () ->
            "a full disk needs a tmpfs of its own, and mounting one needs root (CAP_SYS_ADMIN);"
                + " mount said: "
                + reason.strip());
  }

  @AfterEach
  void unmount() throws Exception {
    if (mounted) {
      new ProcessBuilder("umount", "-l", mountPoint.toString()).inheritIO().start().waitFor();
    }
  }

  @Test
  void noEventIsAnswered202ThatTheFullDiskCannotKeepAndEveryOneAnswered202IsStored()
      throws Exception {
    Path data = mountPoint.resolve("data");
    Set<String> accepted = new HashSet<>();
    int refusedCount;
    Instant from = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    PackagedRunner first = PackagedRunner.startWithQuickRetries(data);
    try (first;
        LocalQueues queues = LocalQueues.of(data)) {
      UUID stored = UUID.randomUUID();
      for (int i = 0; i < STORED_FIRST; i++) {
        accepted.add(accept(first, stored, "/stored/" + i));
      }
      Eventually.await(
          WITHIN,
          () ->
              LocalApiClient.storedIdsNow(first.baseUrl()).containsAll(accepted)
                  && queues.depth() == 0,
          done -> done,
          "the first events stored and off the queue");
      // Dead letters for the stop to save: without the Sessions table every store fails.
      queues.dynamoDb().deleteTable(b -> b.tableName(LocalResources.TABLES.sessions()));
      UUID dead = UUID.randomUUID();
      for (int i = 0; i < DEAD_LETTERS; i++) {
        accepted.add(accept(first, dead, "/dead/" + i));
      }
      Eventually.await(
          WITHIN,
          () -> List.of(queues.depth(), queues.deadLetterDepth()),
          depths -> depths.equals(List.of(0, DEAD_LETTERS)),
          "[events queue, dead-letter queue] depths [0, " + DEAD_LETTERS + "]");

      // A little space to free later, then not one byte left.
      Path reserve = mountPoint.resolve("reserve");
      Files.write(reserve, new byte[64 * 1024]);
      Path filler = fillTheDisk();

      UUID whileFull = UUID.randomUUID();
      refusedCount = refuseUntilFull(first, whileFull, "/full/", accepted);
      assertTrue(
          first.output().stream()
              .anyMatch(
                  line ->
                      line.startsWith("The Eye cannot write its journal")
                          && line.contains("No space left on device")),
          first::printed);

      // Space is back: events are accepted again, after whatever a refused one left in the
      // journal's last block.
      Files.delete(reserve);
      for (int i = 0; i < 5; i++) {
        accepted.add(accept(first, whileFull, "/space-back/" + i));
      }
      assertTrue(first.output().contains("The Eye can write its journal again."), first::printed);

      fillTheDisk();
      refusedCount += refuseUntilFull(first, whileFull, "/full-again/", accepted);

      // Stopped while the disk is still full.
      assertTrue(first.stop(), "the runner stops on SIGTERM");
      assertEquals(1, first.process().exitValue(), "a stop that could not save says so");
      assertTrue(
          first.output().stream()
              .anyMatch(
                  line ->
                      line.startsWith("The Eye could not finish saving the queues to the journal")
                          && line.contains("No space left on device")),
          first::printed);
      assertEquals(
          "The Eye stopped, not cleanly: see above.",
          first.output().getLast(),
          "the emulators were stopped after the failed save");
      assertTrue(
          ProcessHandle.allProcesses()
              .noneMatch(p -> p.info().commandLine().orElse("").contains(data.toString())),
          "dynalite was stopped");
      assertEquals(List.of(), partialFiles(data), "no partial file is left behind");

      Files.delete(filler);
    }

    PackagedRunner second = PackagedRunner.startWithQuickRetries(data);
    Set<String> stored;
    JsonNode totals;
    try (second;
        LocalQueues queues = LocalQueues.of(data)) {
      List<Message> deadLetters = queues.receiveDeadLetters();
      // Events accepted after the Sessions table went are dead letters too, once retried.
      assertTrue(deadLetters.size() >= DEAD_LETTERS, "the dead letters are back");
      assertEquals(
          deadLetters.size(),
          deadLetters.stream().flatMap(m -> LocalQueues.eventIds(m).stream()).distinct().count(),
          "no dead letter is back twice");
      // The Sessions table is back (every start creates missing tables): redriven, all are stored.
      queues.redrive(deadLetters);
      stored = storedAfterRedriving(second, queues, accepted);
      totals =
          AccountingTest.awaitReconciled(
              new LocalApi(second.baseUrl(), LocalSettings.SEED_APPLICATION.toString()), from);
      assertTrue(second.stop(), "the runner stops on SIGTERM");
    }
    assertEquals(0, second.process().exitValue(), second::printed);
    System.out.println("full disk: every minute reconciled: " + totals);
    assertEquals(accepted.size(), totals.path("accepted").asLong(), "counted 202s: " + totals);
    assertEquals(accepted.size(), totals.path("stored").asLong(), "counted stored: " + totals);
    System.out.println(
        "full disk: "
            + accepted.size()
            + " answered 202, "
            + refusedCount
            + " refused with 503, "
            + stored.size()
            + " stored after the restart");
    assertEquals(accepted.size(), stored.size(), "count answered 202 == count stored");
    assertEquals(accepted, stored);
  }

  @Test
  void aDynaliteThatDiesOfTheFullDiskIsReportedAndEveryEventAnswered202IsStoredOnceSpaceIsBack()
      throws Exception {
    Path data = mountPoint.resolve("data");
    Set<String> accepted = new HashSet<>();
    PackagedRunner runner = PackagedRunner.startWithQuickRetries(data);
    Set<String> stored;
    try (runner;
        LocalQueues queues = LocalQueues.of(data)) {
      Path reserve = mountPoint.resolve("reserve");
      Files.write(reserve, new byte[64 * 1024]);
      Path filler = fillTheDisk();
      Files.delete(reserve);

      // The journal and dynalite share what is left: whichever fills it first.
      UUID session = UUID.randomUUID();
      for (int i = 0; i < 200; i++) {
        HttpResponse<String> response =
            LocalApiClient.postPageview(runner.baseUrl(), session, "/filling/" + i);
        if (response.statusCode() != 202) {
          assertRefused(response);
          break;
        }
        accepted.add(LocalApiClient.acceptedId(response));
      }
      // Should the journal have filled the disk first: a write dynalite must make, and cannot.
      for (int i = 0; i < 100 && !dynaliteDiedOfAFullDisk(runner); i++) {
        try {
          queues
              .dynamoDb()
              .putItem(
                  b ->
                      b.tableName(LocalResources.TABLES.invalidEvents())
                          .item(
                              Map.of(
                                  TableLayout.INVALID_ID,
                                  AttributeValue.fromS(UUID.randomUUID().toString()),
                                  "padding",
                                  AttributeValue.fromS("x".repeat(100_000)))));
        } catch (RuntimeException refused) {
          // dynalite died mid-request, or is being restarted
        }
      }
      Eventually.await(
          WITHIN,
          () -> dynaliteDiedOfAFullDisk(runner),
          died -> died,
          "the runner to report dynalite's death of the full disk:\n" + runner.printed());

      Files.delete(filler);
      // Retried a second apart, events that met the dead dynalite twice are dead letters by now:
      // as on AWS, they wait in the dead-letter queue for an operator to redrive them.
      stored = storedAfterRedriving(runner, queues, accepted);
      assertTrue(runner.stop(), "the runner stops on SIGTERM");
    }
    assertEquals(0, runner.process().exitValue(), runner::printed);
    System.out.println(
        "dynalite on a full disk: "
            + accepted.size()
            + " answered 202, "
            + stored.size()
            + " stored");
    assertEquals(accepted.size(), stored.size(), "count answered 202 == count stored");
    assertEquals(accepted, stored);
  }

  /**
   * Redrives what is dead-lettered (again: a dynalite still coming back may fail a redriven event
   * twice more) until every accepted event is stored; returns the ids stored.
   */
  private static Set<String> storedAfterRedriving(
      PackagedRunner runner, LocalQueues queues, Set<String> accepted) {
    return Eventually.await(
        WITHIN,
        () -> {
          queues.redrive(queues.receiveDeadLetters());
          return LocalApiClient.storedIdsNow(runner.baseUrl());
        },
        ids -> ids.size() >= accepted.size(),
        "every event answered 202 stored");
  }

  /** The watchdog's report: dynalite's exit, LevelDB's reason, and what to do. */
  private static boolean dynaliteDiedOfAFullDisk(PackagedRunner runner) {
    return runner.output().stream()
        .anyMatch(
            line ->
                line.startsWith("dynalite (DynamoDB)")
                    && line.contains("No space left on device")
                    && line.contains("is full: free space there;"));
  }

  private static String accept(PackagedRunner runner, UUID session, String path) throws Exception {
    HttpResponse<String> response = LocalApiClient.postPageview(runner.baseUrl(), session, path);
    assertEquals(202, response.statusCode(), response::body);
    return LocalApiClient.acceptedId(response);
  }

  /**
   * Posts until the journal's last block is full too and an event is refused, then 10 more: each
   * must be refused with 503, a Retry-After and the API's body. Events answered 202 on the way go
   * to {@code accepted}; returns how many were refused.
   */
  private static int refuseUntilFull(
      PackagedRunner runner, UUID session, String pathPrefix, Set<String> accepted)
      throws Exception {
    HttpResponse<String> refused = null;
    for (int i = 0; i < 50 && refused == null; i++) {
      HttpResponse<String> response =
          LocalApiClient.postPageview(runner.baseUrl(), session, pathPrefix + i);
      if (response.statusCode() == 202) {
        accepted.add(LocalApiClient.acceptedId(response));
      } else {
        refused = response;
      }
    }
    assertTrue(refused != null, "a full disk refuses events");
    assertRefused(refused);
    for (int i = 0; i < 10; i++) {
      assertRefused(
          LocalApiClient.postPageview(runner.baseUrl(), session, pathPrefix + "refused/" + i));
    }
    return 11;
  }

  private static void assertRefused(HttpResponse<String> response) throws IOException {
    assertEquals(503, response.statusCode(), "no 202 while the journal cannot be written");
    assertTrue(response.headers().firstValue("retry-after").isPresent(), "503 says when to retry");
    assertEquals(
        "The Eye cannot take events right now; retry later.",
        ExactJson.MAPPER.readTree(response.body()).get("detail").asText());
  }

  /** Writes a file until the disk takes no more, to the last byte. */
  private Path fillTheDisk() throws IOException {
    Path filler = mountPoint.resolve("filler");
    for (int chunk : new int[] {64 * 1024, 1}) {
      try (OutputStream out =
          Files.newOutputStream(filler, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
        byte[] bytes = new byte[chunk];
        while (true) {
          out.write(bytes);
        }
      } catch (IOException full) {
        // ENOSPC: on to smaller writes, or done
      }
    }
    assertEquals(0, Files.getFileStore(mountPoint).getUsableSpace(), "the disk is full");
    return filler;
  }

  private static List<Path> partialFiles(Path data) throws IOException {
    try (Stream<Path> files = Files.walk(data)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".partial")).toList();
    }
  }
}

package com.theeye.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.theeye.emulators.QueueDepth;
import com.theeye.event.ExactJson;
import com.theeye.testsupport.Fixtures;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal on /dev/full, where every write fails with the kernel's ENOSPC as on a full disk,
 * without the privileges a real small disk needs (FullDiskIT): no event is answered 202.
 */
class JournalOnAFullDeviceTest {

  private static final Path FULL = Path.of("/dev/full");

  @TempDir Path data;

  @Test
  void eventsAreRefusedWith503AndARetryAfterAndNoneReachesTheQueue() throws Exception {
    Assumptions.assumeTrue(
        Files.isWritable(FULL), "/dev/full (Linux) is where every write fails with ENOSPC");
    // The journal appends to its newest segment: here the only one, on the full device.
    Files.createSymbolicLink(
        Files.createDirectories(data.resolve("queue/journal"))
            .resolve(EventJournal.segmentFileName(1)),
        FULL);
    try (LocalEye eye = LocalEye.start(settings(data), Fixtures.repoRoot())) {
      UUID session = UUID.randomUUID();
      int accepted = 0;
      for (int i = 0; i < 10; i++) {
        HttpResponse<String> response =
            LocalApiClient.postPageview(eye.baseUrl(), session, "/full/" + i);
        if (response.statusCode() == 202) {
          accepted++;
          continue;
        }
        assertEquals(503, response.statusCode(), response::body);
        assertTrue(response.headers().firstValue("retry-after").isPresent(), "says when to retry");
        assertEquals(
            "The Eye cannot take events right now; retry later.",
            ExactJson.MAPPER.readTree(response.body()).get("detail").asText());
      }

      assertEquals(0, accepted, "no 202 for an event the journal could not keep");
      assertEquals(0, QueueDepth.of(eye.sqs(), eye.queueUrl()), "nothing was sent unjournaled");
      assertEquals(0, LocalApiClient.storedIds(eye.baseUrl()).size(), "count 202 == count stored");
    }
  }

  private static LocalSettings settings(Path data) {
    return new LocalSettings(
        "127.0.0.1",
        0,
        data,
        Optional.of(LocalSettings.SEED_APPLICATION),
        new LocalSettings.QueueSettings(Duration.ofSeconds(1), 3, 10),
        Duration.ofSeconds(5));
  }
}

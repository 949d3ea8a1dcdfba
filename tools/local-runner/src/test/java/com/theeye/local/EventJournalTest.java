package com.theeye.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.theeye.testsupport.AwsEmulators;
import com.theeye.testsupport.AwsTestEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The journal against ElasticMQ: what it promises before a 202 is sent, with many sends at once
 * sharing their forces to disk, and with a disk that refuses writes.
 */
@ExtendWith(AwsEmulators.class)
class EventJournalTest {

  @TempDir Path folder;

  @Test
  void everyConcurrentSendIsJournaledOnceAndQueued(AwsTestEnvironment aws) throws Exception {
    String queueUrl = aws.createQueue("journal");
    int sends = 200;
    try (EventJournal journal = EventJournal.open(folder.resolve("journal.jsonl"));
        ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
      SqsClient journaling = journal.journaling(aws.sqs(), queueUrl);
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < sends; i++) {
        String body = "{\"n\":" + i + "}";
        done.add(
            senders.submit(
                () -> journaling.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body))));
      }
      for (Future<?> send : done) {
        send.get();
      }

      List<String> pending = journal.pending();
      assertEquals(sends, pending.size(), "one journal line per send, none torn or merged");
      Set<String> expected = new HashSet<>();
      IntStream.range(0, sends).forEach(i -> expected.add("{\"n\":" + i + "}"));
      assertEquals(expected, new HashSet<>(pending));
      assertEquals(sends, aws.receive(queueUrl, sends, java.time.Duration.ofSeconds(20)).size());
    }
  }

  @Test
  void aJournalThatCannotBeWrittenRefusesTheSendAndQueuesNothing(AwsTestEnvironment aws)
      throws IOException {
    String queueUrl = aws.createQueue("journal-full");
    Path file = folder.resolve("journal.jsonl");
    // A real "No space left on device" from the kernel, whatever the disk's free space.
    Files.createSymbolicLink(file, Path.of("/dev/full"));
    try (EventJournal journal = EventJournal.open(file)) {
      SqsClient journaling = journal.journaling(aws.sqs(), queueUrl);

      assertThrows(
          SdkClientException.class,
          () -> journaling.sendMessage(b -> b.queueUrl(queueUrl).messageBody("{\"n\":1}")));

      assertEquals(0, aws.approximateDepth(queueUrl), "no 202 can follow, so nothing is queued");
    }
  }
}

package com.theeye.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.theeye.calls.AwsCallRecorder;
import com.theeye.calls.RecordedCall;
import com.theeye.store.TableNames;
import com.theeye.testsupport.AwsEmulators;
import com.theeye.testsupport.AwsTestEnvironment;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The processor stores a batch's messages on a pool of worker threads; the calls made there are
 * still the processor's in a recording (`make check-permissions`), since the task the worker runs
 * is the processor's own code, on the worker's stack.
 */
@ExtendWith(AwsEmulators.class)
class CallsOnWorkerThreadsTest {

  private static final Set<String> PROCESSOR = Set.of("com.theeye.processor");

  @Test
  void callsMadeOnTheBatchWorkersAreAttributedToTheProcessor(AwsTestEnvironment aws)
      throws Exception {
    TableNames tables = aws.createTables();
    UUID shop = UUID.randomUUID();
    aws.putApplication(tables, shop, "shop", true);
    List<Map.Entry<Thread, RecordedCall>> calls = new CopyOnWriteArrayList<>();
    Thread testThread = Thread.currentThread();

    try (BatchProcessor processor =
            Processors.create(aws.dynamoDb(), tables, Map.of("BATCH_CONCURRENCY", "4"));
        AutoCloseable observing =
            AwsCallRecorder.observe(call -> calls.add(Map.entry(Thread.currentThread(), call)))) {
      BatchResult result =
          processor.process(
              IntStream.range(0, 8)
                  .mapToObj(
                      i ->
                          TestEvents.message(TestEvents.pageview(shop, UUID.randomUUID(), "/" + i)))
                  .toList());
      assertEquals(List.of(), result.failedMessageIds());
    }

    List<RecordedCall> onWorkers =
        calls.stream().filter(c -> c.getKey() != testThread).map(Map.Entry::getValue).toList();
    assertFalse(onWorkers.isEmpty(), "the batch was stored on worker threads");
    assertTrue(
        onWorkers.stream().anyMatch(c -> c.operation().equals("PutItem")),
        "the events' puts ran on the workers");
    for (RecordedCall call : onWorkers) {
      assertTrue(
          call.innermostCallerIn(PROCESSOR).isPresent(),
          () -> call.operation() + " on a worker thread has no processor frame: " + call.callers());
      assertEquals("", call.test(), "no test frame on a worker's stack");
    }
  }
}

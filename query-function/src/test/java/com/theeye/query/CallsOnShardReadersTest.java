package com.theeye.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.theeye.calls.AwsCallRecorder;
import com.theeye.calls.RecordedCall;
import com.theeye.testsupport.AwsEmulators;
import com.theeye.testsupport.AwsTestEnvironment;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A query reads the index's shards in parallel on a pool of shard readers; the reads are still the
 * query function's in a recording (`make check-permissions`): the task each reader runs is the
 * function's own code, on the reader's stack.
 */
@ExtendWith(AwsEmulators.class)
class CallsOnShardReadersTest {

  private static final Set<String> QUERY = Set.of("com.theeye.query");

  @Test
  void indexReadsOnTheShardReadersAreAttributedToTheQueryFunction(AwsTestEnvironment aws)
      throws Exception {
    List<Map.Entry<Thread, RecordedCall>> calls = new CopyOnWriteArrayList<>();
    Thread testThread = Thread.currentThread();
    try (QueryFixture eye = new QueryFixture(aws)) {
      Instant at = Instant.parse("2026-02-20T08:00:00Z");
      eye.store(List.of(QueryFixture.pageview(UUID.randomUUID(), UUID.randomUUID(), "/", at)));

      QueryFixture.Answer answer;
      try (AutoCloseable observing =
          AwsCallRecorder.observe(call -> calls.add(Map.entry(Thread.currentThread(), call)))) {
        answer =
            eye.get(
                Map.of(
                    "category",
                    "page interaction",
                    "from",
                    "2026-02-20 07:00:00",
                    "to",
                    "2026-02-20 09:00:00"));
      }
      assertEquals(200, answer.status(), answer.body()::toString);
    }

    List<RecordedCall> onReaders =
        calls.stream().filter(c -> c.getKey() != testThread).map(Map.Entry::getValue).toList();
    assertFalse(onReaders.isEmpty(), "the shards were read on the shard readers");
    for (RecordedCall call : onReaders) {
      assertEquals("Query", call.operation());
      assertTrue(
          call.innermostCallerIn(QUERY).isPresent(),
          () -> "a shard read has no query-function frame: " + call.callers());
    }
  }
}

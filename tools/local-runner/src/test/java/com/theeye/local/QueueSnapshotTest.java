package com.theeye.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.theeye.testsupport.AwsEmulators;
import com.theeye.testsupport.AwsTestEnvironment;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Dead letters go back with their receive counts; a stop takes them out with the same counts. */
@ExtendWith(AwsEmulators.class)
class QueueSnapshotTest {

  @Test
  void deadLettersAreRestoredEachWithItsOwnReceiveCount(AwsTestEnvironment aws) {
    String deadLetterUrl = aws.createQueue("dead-letters");
    List<DeadLetter> saved =
        List.of(
            new DeadLetter("never received", 0),
            new DeadLetter("once", 1),
            new DeadLetter("five times", 5),
            new DeadLetter("five times too", 5),
            new DeadLetter("three times", 3));

    QueueSnapshot.restoreDeadLetters(aws.sqs(), deadLetterUrl, saved);
    QueueSnapshot.Taken taken = QueueSnapshot.takeAll(aws.sqs(), deadLetterUrl);

    assertEquals(byBody(saved), byBody(taken.deadLetters()), "receive counts before the take");
    assertEquals(0, taken.elsewhere());
  }

  private static Map<String, Integer> byBody(List<DeadLetter> deadLetters) {
    Map<String, Integer> counts = new TreeMap<>();
    deadLetters.forEach(d -> counts.put(d.body(), d.receiveCount()));
    return counts;
  }
}

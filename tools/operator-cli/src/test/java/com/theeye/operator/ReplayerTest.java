package com.theeye.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.theeye.event.Event;
import com.theeye.event.EventCodec;
import com.theeye.event.EventIds;
import com.theeye.event.ExactJson;
import com.theeye.store.InvalidEventItems;
import com.theeye.store.StoredInvalidEvent;
import com.theeye.store.StoredInvalidEvent.FieldError;
import com.theeye.store.TableNames;
import com.theeye.testsupport.AwsEmulators;
import com.theeye.testsupport.AwsTestEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.Message;

@ExtendWith(AwsEmulators.class)
class ReplayerTest {

  private static final Instant RECEIVED_AT = Instant.parse("2026-03-01T12:00:00Z");

  @Test
  void theLongestWaitReSendsThenWaitsForTheQueueAndReports(AwsTestEnvironment aws)
      throws Exception {
    TableNames tables = aws.createTables();
    String queueUrl = aws.createQueue("events");
    UUID application = aws.registerApplication(tables, "shop", true);
    putInvalidEvent(aws, tables, application);
    ReplayTarget target =
        new ReplayTarget(
            Optional.of(aws.sqsEndpoint()),
            Optional.of(aws.dynamoDbEndpoint()),
            tables.applications(),
            tables.invalidEvents(),
            queueUrl,
            1);
    ReplayOptions options =
        ReplayOptions.parse(
            List.of(
                "--from",
                "2026-03-01T00:00Z",
                "--to",
                "2026-03-02T00:00Z",
                "--wait",
                Long.toString(ReplayOptions.MAX_DRAIN_WAIT.toSeconds())));
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    AtomicBoolean replaying = new AtomicBoolean(true);
    AtomicInteger consumed = new AtomicInteger();
    // Stands in for the processor: takes what the replay sends off the queue.
    Thread processor =
        Thread.ofPlatform()
            .start(
                () -> {
                  while (replaying.get()) {
                    for (Message message : receive(aws, queueUrl)) {
                      aws.sqs()
                          .deleteMessage(
                              b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
                      consumed.incrementAndGet();
                    }
                  }
                });

    ReplayReport report;
    try {
      report =
          new Replayer(
                  aws.dynamoDb(),
                  aws.sqs(),
                  target,
                  Clock.fixed(RECEIVED_AT.plusSeconds(3600), ZoneOffset.UTC),
                  new PrintStream(progress, true, StandardCharsets.UTF_8))
              .replay(options);
    } finally {
      replaying.set(false);
      processor.join();
    }

    assertEquals(1, report.resent());
    assertEquals(1, consumed.get());
    assertEquals(Optional.of(new ReplayReport.Outcomes(0, 1)), report.outcomes());
    assertTrue(
        progress.toString(StandardCharsets.UTF_8).contains("waiting up to 86400 s"),
        progress::toString);
  }

  private static List<Message> receive(AwsTestEnvironment aws, String queueUrl) {
    return aws.sqs()
        .receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
        .messages();
  }

  private static void putInvalidEvent(AwsTestEnvironment aws, TableNames tables, UUID application) {
    Instant timestamp = RECEIVED_AT.minusSeconds(5);
    var data = ExactJson.MAPPER.createObjectNode().put("host", "h");
    UUID session = UUID.randomUUID();
    String id =
        EventIds.derive(application, session, "page interaction", "pageview", timestamp, data);
    Event event =
        new Event(
            id, application, session, "page interaction", "pageview", data, timestamp, RECEIVED_AT);
    StoredInvalidEvent invalid =
        new StoredInvalidEvent(
            id,
            application,
            RECEIVED_AT,
            EventCodec.toMessage(event),
            List.of(new FieldError("data.path", "This field is required.")),
            "schema violation",
            0,
            Optional.empty());
    aws.dynamoDb()
        .putItem(b -> b.tableName(tables.invalidEvents()).item(InvalidEventItems.toItem(invalid)));
  }
}

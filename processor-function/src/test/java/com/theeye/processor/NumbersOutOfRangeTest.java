package com.theeye.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.theeye.event.Event;
import com.theeye.event.EventCodec;
import com.theeye.event.JsonNumbers;
import com.theeye.processor.MessageResult.EventOutcome;
import com.theeye.store.InvalidEventItems;
import com.theeye.store.InvalidEventReplay;
import com.theeye.store.StoredInvalidEvent;
import com.theeye.store.StoredInvalidEvent.FieldError;
import com.theeye.store.TableNames;
import com.theeye.testsupport.AwsEmulators;
import com.theeye.testsupport.AwsTestEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Messages carrying a number no event may carry ({@link JsonNumbers}): written by an older ingest,
 * which accepted such numbers and answered 202, replayed from its invalid events, or written by
 * whoever can send to the queue. None fails a batch-mate, none is handed to a schema, and no log
 * line quotes one.
 */
@ExtendWith(AwsEmulators.class)
class NumbersOutOfRangeTest {

  private static final UUID SHOP = UUID.randomUUID();

  /** What {@code BigDecimal} cannot hold: the exponent is past {@code int}'s range. */
  private static final List<String> UNREADABLE =
      List.of(
          "1e99999999999", "-1e99999999999", "0e99999999999", "1.5E+99999999999", "1e-2147483648");

  @TempDir Path schemas;

  private AwsTestEnvironment aws;
  private StoredItems stored;
  private BatchProcessor processor;

  @BeforeEach
  void setUp(AwsTestEnvironment aws) throws IOException {
    this.aws = aws;
    TableNames tables = aws.createTables();
    aws.putApplication(tables, SHOP, "shop", true);
    this.stored = new StoredItems(aws.dynamoDb(), tables);
    this.processor =
        Processors.create(aws.dynamoDb(), tables, SchemaRegistry.fromFolder(ctaClickWithPrices()));
  }

  @AfterEach
  void stopProcessor() {
    processor.close();
  }

  @Test
  void aMessageWithAnUnreadableNumberFailsAloneAndNoLogLineQuotesIt() {
    List<QueueMessage> batch = new ArrayList<>();
    batch.add(TestEvents.message(ctaClick("{\"host\":\"h\",\"path\":\"/a\",\"element\":\"x\"}")));
    for (String number : UNREADABLE) {
      batch.add(withNumber(number));
    }
    batch.add(TestEvents.message(ctaClick("{\"host\":\"h\",\"path\":\"/b\",\"element\":\"x\"}")));

    BatchResult result = processor.process(batch);

    assertEquals(
        batch.subList(1, batch.size() - 1).stream().map(QueueMessage::messageId).toList(),
        result.failedMessageIds());
    assertEquals(2, result.count(EventOutcome.STORED));
    assertEquals(2, stored.events().size());
    String line = result.logLine();
    for (String number : UNREADABLE) {
      assertFalse(line.contains(number), line);
    }
    assertFalse(line.contains("99999") || line.contains("2147483") || line.contains("E+"), line);
    assertEquals(
        "malformed event: a number is out of range",
        result.results().get(1).failure().orElseThrow());
  }

  @Test
  void anEventAnOlderIngestAcceptedIsKeptAsInvalidNamingTheFieldNeverSchemaChecked() {
    // The schema's multipleOf throws on the first two (each would fail every delivery) and
    // passes the third. An older ingest wrote the second as 1.00E+2147483649, and trimming its
    // zeros to store it overflowed.
    Event huge =
        ctaClick("{\"host\":\"h\",\"path\":\"/\",\"element\":\"x\",\"price\":1E+2147483647}");
    Event zeros =
        ctaClick("{\"host\":\"h\",\"path\":\"/\",\"element\":\"x\",\"price\":100E+2147483647}");
    Event nested =
        ctaClick(
            "{\"host\":\"h\",\"path\":\"/\",\"element\":\"x\",\"cart\":[{\"price\":1},{\"price\":1E+1001}]}");
    Event valid = ctaClick("{\"host\":\"h\",\"path\":\"/\",\"element\":\"x\",\"price\":10.50}");

    BatchResult result =
        processor.process(
            List.of(
                TestEvents.message(huge),
                TestEvents.message(zeros),
                TestEvents.message(nested),
                TestEvents.message(valid)));

    assertEquals(List.of(), result.failedMessageIds());
    assertEquals(3, result.count(EventOutcome.INVALID));
    assertEquals(1, result.count(EventOutcome.STORED));
    assertTrue(TestEvents.message(zeros).body().contains("1.00E+2147483649"));
    assertOutOfRange(zeros, "data.price");
    assertOutOfRange(huge, "data.price");
    assertOutOfRange(nested, "data.cart.1.price");
  }

  @Test
  void aPackedMessageKeepsItsOtherEvents() {
    Event first = ctaClick("{\"host\":\"h\",\"path\":\"/1\",\"element\":\"x\"}");
    Event huge = ctaClick("{\"host\":\"h\",\"path\":\"/\",\"element\":\"x\",\"price\":-1E+5000}");
    Event last = ctaClick("{\"host\":\"h\",\"path\":\"/3\",\"element\":\"x\"}");

    MessageResult result = processor.process(TestEvents.packed(List.of(first, huge, last)));

    assertEquals(
        List.of(EventOutcome.STORED, EventOutcome.INVALID, EventOutcome.STORED), result.outcomes());
    assertOutOfRange(huge, "data.price");
  }

  @Test
  void aReplayOfSuchAnEventFindsItStillInvalid() {
    Event huge = ctaClick("{\"host\":\"h\",\"path\":\"/\",\"element\":\"x\",\"price\":1E-5000}");
    processor.process(TestEvents.message(huge));
    Instant replayedAt = Instant.parse("2026-03-02T08:00:00Z");

    MessageResult replay =
        processor.process(
            new QueueMessage("replay-1", EventCodec.toMessage(huge), Optional.of(replayedAt)));

    assertEquals(List.of(EventOutcome.INVALID), replay.outcomes());
    StoredInvalidEvent record = assertOutOfRange(huge, "data.price");
    assertEquals(
        Optional.of(
            new InvalidEventReplay(replayedAt, InvalidEventReplay.ReplayOutcome.STILL_INVALID)),
        record.replay());
  }

  private StoredInvalidEvent assertOutOfRange(Event event, String field) {
    StoredInvalidEvent record =
        InvalidEventItems.fromItem(stored.invalidEvent(event.id()).orElseThrow());
    assertEquals(List.of(new FieldError(field, JsonNumbers.OUT_OF_RANGE)), record.errors());
    assertEquals(Violation.NUMBER_OUT_OF_RANGE, record.reason());
    assertEquals(Optional.empty(), record.schemaVersion(), "no schema judged it");
    return record;
  }

  /** A cta click's message with {@code number} as its price, as the queue would carry it. */
  private static QueueMessage withNumber(String number) {
    String message =
        EventCodec.toMessage(
            ctaClick("{\"host\":\"h\",\"path\":\"/\",\"element\":\"x\",\"price\":4242424242}"));
    return new QueueMessage("forged-" + UUID.randomUUID(), message.replace("4242424242", number));
  }

  private static Event ctaClick(String data) {
    return TestEvents.event(
        SHOP, UUID.randomUUID(), "page interaction", "cta click", data, TestEvents.TIMESTAMP);
  }

  /** A cta click schema whose prices are in cents: {@code multipleOf}, arithmetic on the number. */
  private Path ctaClickWithPrices() throws IOException {
    Path file =
        Files.createDirectories(schemas.resolve("page-interaction")).resolve("cta-click.json");
    Files.writeString(
        file,
        """
        {
          "version": "1-0-0",
          "type": "object",
          "required": ["host", "path", "element"],
          "properties": {
            "price": {"type": "number", "multipleOf": 0.01},
            "cart": {
              "type": "array",
              "items": {"properties": {"price": {"type": "number", "multipleOf": 0.01}}}
            }
          }
        }
        """);
    return schemas;
  }
}

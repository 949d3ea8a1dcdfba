package com.theeye.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.theeye.emulators.FreePorts;
import com.theeye.event.Event;
import com.theeye.event.ExactJson;
import com.theeye.event.JsonNumbers;
import com.theeye.http.HttpRequest;
import com.theeye.store.TableNames;
import com.theeye.testsupport.AwsEmulators;
import com.theeye.testsupport.AwsTestEnvironment;
import com.theeye.testsupport.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * What an attacker or a broken client sends never earns a 5xx, never half-queues an array and never
 * reaches a log line: characters SQS refuses, overlong UTF-8, deep data.
 */
@ExtendWith(AwsEmulators.class)
class HostileInputTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T12:00:00Z"));
  private AwsTestEnvironment aws;
  private TableNames tables;
  private String queueUrl;

  @BeforeEach
  void setUp(AwsTestEnvironment aws) {
    this.aws = aws;
    tables = aws.createTables();
    queueUrl = aws.createQueue("events");
    aws.putApplication(tables, UUID.fromString(Seed.APPLICATION), "seed", true);
  }

  @Test
  void aNoncharacterInDataIsA400NamingDataNotA503() {
    IngestOutcome outcome =
        post(Seed.PAGEVIEW_BODY.replace("\"path\": \"/\"", "\"path\": \"/\\uffff\""));

    assertEquals(400, outcome.response().status());
    assertEquals(List.of(EnvelopeValidator.NOT_TEXT), messages(outcome.response().body(), "data"));
    assertQueueEmpty();
  }

  @Test
  void loneSurrogatesAndUfffeAreRefusedInEveryTextField() {
    for (String bad : List.of("\\ud800", "\\udc00x", "a\\ufffe", "\\ud83d")) {
      IngestOutcome category = post(Seed.PAGEVIEW_BODY.replace("page interaction", bad));
      IngestOutcome name = post(Seed.PAGEVIEW_BODY.replace("\"pageview\"", "\"" + bad + "\""));
      IngestOutcome key = post(Seed.PAGEVIEW_BODY.replace("\"host\"", "\"" + bad + "\""));

      assertEquals(
          List.of(EnvelopeValidator.NOT_TEXT), messages(category.response().body(), "category"));
      assertEquals(List.of(EnvelopeValidator.NOT_TEXT), messages(name.response().body(), "name"));
      assertEquals(List.of(EnvelopeValidator.NOT_TEXT), messages(key.response().body(), "data"));
    }
    assertQueueEmpty();
  }

  @Test
  void aPairedSurrogateIsText() {
    IngestOutcome outcome = post(Seed.PAGEVIEW_BODY.replace("\"/\"", "\"/\\ud83d\\ude00\""));

    assertEquals(202, outcome.response().status());
    assertEquals("/\uD83D\uDE00", outcome.response().body().at("/data/path").textValue());
  }

  @Test
  void anArrayWithOneUnqueueableEventQueuesNothing() {
    StringBuilder array = new StringBuilder("[");
    for (int i = 0; i < 100; i++) {
      String path = i == 50 ? "/\\uffff" : "/" + i;
      array
          .append(i == 0 ? "" : ",")
          .append(Seed.PAGEVIEW_BODY.replace("\"path\": \"/\"", "\"path\": \"" + path + "\""));
    }
    IngestOutcome outcome = post(array.append(']').toString());

    assertEquals(400, outcome.response().status());
    assertEquals(
        List.of(EnvelopeValidator.NOT_TEXT), messages(outcome.response().body().get("50"), "data"));
    assertQueueEmpty();
  }

  @Test
  void overlongUtf8AndEncodedSurrogatesAreNotJson() {
    byte[] pageview = Seed.PAGEVIEW_BODY.getBytes(StandardCharsets.UTF_8);
    String marker = "\"path\": \"/\"";
    int at = Seed.PAGEVIEW_BODY.indexOf(marker) + marker.length() - 2;
    for (byte[] encoded :
        List.of(
            new byte[] {(byte) 0xC0, (byte) 0xAF},
            new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80})) {
      byte[] body = new byte[pageview.length + encoded.length - 1];
      System.arraycopy(pageview, 0, body, 0, at);
      System.arraycopy(encoded, 0, body, at, encoded.length);
      System.arraycopy(pageview, at + 1, body, at + encoded.length, pageview.length - at - 1);

      IngestOutcome outcome = post(body);

      assertEquals(400, outcome.response().status());
      assertTrue(outcome.response().body().get("detail").asText().contains("UTF-8"));
    }
    assertQueueEmpty();
  }

  @Test
  void aUtf16BodyIsNotTakenForJson() {
    IngestOutcome outcome = post(Seed.PAGEVIEW_BODY.getBytes(StandardCharsets.UTF_16BE));

    assertEquals(400, outcome.response().status());
    assertQueueEmpty();
  }

  @Test
  void dataNestedDeeperThanTheLimitIsA400AndTheLimitItselfIsAccepted() {
    IngestOutcome atLimit = post(nested(EnvelopeValidator.MAX_DATA_DEPTH));
    IngestOutcome tooDeep = post(nested(EnvelopeValidator.MAX_DATA_DEPTH + 1));
    IngestOutcome arrays = post(nestedArrays(EnvelopeValidator.MAX_DATA_DEPTH + 1));

    assertEquals(202, atLimit.response().status());
    assertEquals(List.of(EnvelopeValidator.TOO_DEEP), messages(tooDeep.response().body(), "data"));
    assertEquals(List.of(EnvelopeValidator.TOO_DEEP), messages(arrays.response().body(), "data"));
  }

  @Test
  void aContentRefusalBySqsIsPermanentNotAnOutage() {
    EventQueue queue = new EventQueue(aws.sqs(), queueUrl);
    ObjectNode data = ExactJson.MAPPER.createObjectNode().put("path", "/\uFFFF");
    Event event =
        Event.identified(
            UUID.fromString(Seed.APPLICATION),
            UUID.randomUUID(),
            "page interaction",
            "pageview",
            data,
            Instant.parse("2021-01-01T00:00:00Z"),
            clock.instant());

    QueueRefusedException single =
        assertThrows(QueueRefusedException.class, () -> queue.send(List.of(event)));
    QueueRefusedException batch =
        assertThrows(QueueRefusedException.class, () -> queue.send(List.of(event, event)));

    for (RuntimeException refusal : List.of(single, batch)) {
      assertTrue(refusal.getMessage().startsWith("SQS refused"), refusal.getMessage());
      assertFalse(refusal.getMessage().contains("path"), "no event content in the reason");
    }
  }

  @Test
  void anOutageLogsNoEventContent() {
    try (SqsClient deadSqs =
        aws.impatientClientsFor(FreePorts.deadEndpoint()).build(SqsClient.builder())) {
      IngestOutcome outcome =
          service(deadSqs).handle(request(Seed.PAGEVIEW_BODY.getBytes(StandardCharsets.UTF_8)));

      assertEquals(503, outcome.response().status());
      String line = outcome.problem(); // what the request log prints besides status and counts
      assertFalse(line.contains("consumeraffairs"), line);
      assertFalse(line.contains("e2085be5"), line);
    }
  }

  // --- numbers no event may carry (JsonNumbers) ---

  /** Readable by no BigDecimal (an exponent past int's range), or past the bound of 1000. */
  static final List<String> NUMBERS_OUT_OF_RANGE =
      List.of(
          "1e99999999999",
          "-1e99999999999",
          "0e99999999999",
          "1.5E+99999999999",
          "1e-2147483648",
          "1E+2147483647",
          "100E+2147483647",
          "1e1001",
          "-1e1001",
          "1e-1001",
          "0e1001",
          "10000e997");

  @Test
  void aNumberOutOfRangeInDataIsA400NamingDataAndNothingIsQueued() {
    for (String number : NUMBERS_OUT_OF_RANGE) {
      IngestOutcome outcome = post(withPath(number));

      assertEquals(400, outcome.response().status(), number);
      assertEquals(outOfRange("data"), outcome.response().body(), number);
      assertEquals("number out of range", outcome.problem(), number);
    }
    assertQueueEmpty();
  }

  @Test
  void aNumberOutOfRangeAnywhereIsA400NamingTheTopLevelFieldThatHoldsIt() {
    String number = "1e99999999999";
    String ignored = Seed.PAGEVIEW_BODY.replace("{\n", "{\n    \"sent_by\": " + number + ",\n");
    String nested = Seed.PAGEVIEW_BODY.replace("\"/\"", "{\"a\": [1, {\"b\": [" + number + "]}]}");
    String asTimestamp = Seed.PAGEVIEW_BODY.replace("\"2021-01-01 09:15:27.243860\"", number);
    String oddName = Seed.PAGEVIEW_BODY.replace("{\n", "{\n    \"a/b~c\": " + number + ",\n");

    assertEquals(outOfRange("sent_by"), post(ignored).response().body());
    assertEquals(outOfRange("data"), post(nested).response().body());
    assertEquals(outOfRange("timestamp"), post(asTimestamp).response().body());
    assertEquals(outOfRange("a/b~c"), post(oddName).response().body());
    assertEquals(outOfRange(EnvelopeValidator.NON_FIELD_ERRORS), post(number).response().body());
    assertEquals(
        outOfRange(EnvelopeValidator.NON_FIELD_ERRORS), post(" \n" + number).response().body());
    assertQueueEmpty();
  }

  @Test
  void inAnArrayBodyANumberOutOfRangeIsNamedUnderItsEventsIndex() {
    String number = "-1e99999999999";
    String array =
        "[" + Seed.PAGEVIEW_BODY + "," + withPath(number) + "," + Seed.CTA_CLICK_BODY + "]";
    String element = "[" + Seed.PAGEVIEW_BODY + ", " + number + "]";

    IngestOutcome inData = post(array);
    IngestOutcome asElement = post(element);

    assertEquals(400, inData.response().status());
    assertEquals(json("{\"1\":" + outOfRange("data") + "}"), inData.response().body());
    assertEquals(
        json("{\"1\":" + outOfRange(EnvelopeValidator.NON_FIELD_ERRORS) + "}"),
        asElement.response().body());
    assertQueueEmpty();
  }

  @Test
  void aGzipEncodedBodyWithANumberOutOfRangeIsTheSame400() {
    byte[] compressed =
        RequestBodiesTest.gzip(withPath("1.5E+99999999999").getBytes(StandardCharsets.UTF_8));

    IngestOutcome outcome =
        service(aws.sqs())
            .handle(
                new HttpRequest(
                    "POST",
                    "/api/v1/events/",
                    Map.of("application", Seed.APPLICATION, "content-encoding", "gzip"),
                    Map.of(),
                    compressed));

    assertEquals(400, outcome.response().status());
    assertEquals(outOfRange("data"), outcome.response().body());
    assertQueueEmpty();
  }

  @Test
  void numbersAtTheBoundsAreAcceptedAsSent() {
    for (String number :
        List.of(
            "1e1000",
            "-9.999e1000",
            "1e-1000",
            "0e1000",
            "0e-1000",
            "1000000e-1006",
            "1" + "0".repeat(999),
            "1e400",
            "12345678901234567890123")) {
      IngestOutcome outcome = post(withPath(number));

      assertEquals(202, outcome.response().status(), number);
      assertEquals(
          0,
          new java.math.BigDecimal(number)
              .compareTo(outcome.response().body().at("/data/path").decimalValue()),
          number);
    }
  }

  // --- helpers ---

  /** The seed pageview with {@code number} as its data's path. */
  static String withPath(String number) {
    return Seed.PAGEVIEW_BODY.replace("\"path\": \"/\"", "\"path\": " + number);
  }

  private static JsonNode outOfRange(String field) {
    return json("{\"" + field + "\": [\"" + JsonNumbers.OUT_OF_RANGE + "\"]}");
  }

  private static JsonNode json(String text) {
    try {
      return ExactJson.MAPPER.readTree(text);
    } catch (java.io.IOException e) {
      throw new AssertionError(text, e);
    }
  }

  static String nested(int depth) {
    String data = "{\"leaf\": 1}";
    for (int level = 1; level < depth; level++) {
      data = "{\"level\": " + data + "}";
    }
    return Seed.PAGEVIEW_BODY.replace(
        "{\n        \"host\": \"www.consumeraffairs.com\",\n        \"path\": \"/\"\n    }", data);
  }

  private static String nestedArrays(int depth) {
    String inner = "[]";
    for (int level = 2; level < depth; level++) {
      inner = "[" + inner + "]";
    }
    return nested(1).replace("{\"leaf\": 1}", "{\"leaf\": " + inner + "}");
  }

  private IngestOutcome post(String body) {
    return post(body.getBytes(StandardCharsets.UTF_8));
  }

  private IngestOutcome post(byte[] body) {
    return service(aws.sqs()).handle(request(body));
  }

  private static HttpRequest request(byte[] body) {
    return new HttpRequest(
        "POST", "/api/v1/events/", Map.of("application", Seed.APPLICATION), Map.of(), body);
  }

  private IngestService service(SqsClient sqs) {
    IngestConfig config = Seed.config(tables, queueUrl, false);
    return IngestService.create(config, sqs, aws.dynamoDb(), clock, Seed.RECEIPT_KEYS);
  }

  private static List<String> messages(JsonNode errors, String field) {
    JsonNode list = errors.get(field);
    if (list == null) {
      throw new AssertionError("no error for " + field + " in " + errors);
    }
    return java.util.stream.StreamSupport.stream(list.spliterator(), false)
        .map(JsonNode::asText)
        .toList();
  }

  private void assertQueueEmpty() {
    assertEquals(0, aws.approximateDepth(queueUrl), "nothing queued");
  }
}

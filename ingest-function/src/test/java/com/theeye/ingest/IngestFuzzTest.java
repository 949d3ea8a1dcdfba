package com.theeye.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.theeye.event.EventTimestamps;
import com.theeye.event.JsonNumbers;
import com.theeye.event.Uuids;
import com.theeye.http.HttpRequest;
import com.theeye.store.TableNames;
import com.theeye.testsupport.AwsEmulators;
import com.theeye.testsupport.AwsTestEnvironment;
import com.theeye.testsupport.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Ten thousand generated requests against the ingest in-process, on a real queue: mutated valid
 * events, truncation, nesting, random bytes, arrays, odd characters and encodings, odd headers,
 * numbers out of range ({@link HostileInputTest#NUMBERS_OUT_OF_RANGE}) in data and in ignored
 * fields. No answer is a 5xx, no body with a number out of range is accepted, and every event
 * answered 202 keeps the envelope's rules. Seeded, so a failure names the case that reproduces it.
 */
@ExtendWith(AwsEmulators.class)
class IngestFuzzTest {

  private static final int CASES = 10_000;
  private static final long SEED = 14L;

  @Test
  void noGeneratedRequestGetsA5xxAndEveryAcceptedEventKeepsTheRules(AwsTestEnvironment aws) {
    IngestService ingest = ingestFor(aws, "fuzz");
    Random random = new Random(SEED);
    int accepted = 0;
    int withNumbersOutOfRange = 0;
    for (int i = 0; i < CASES; i++) {
      numberOutOfRange = false;
      byte[] body = body(random);
      Map<String, String> headers = headers(random);
      IngestOutcome outcome =
          ingest.handle(new HttpRequest("POST", "/api/v1/events/", headers, Map.of(), body));
      int status = outcome.response().status();
      int index = i;
      assertTrue(status < 500, () -> "case " + index + " answered " + status);
      if (numberOutOfRange) {
        withNumbersOutOfRange++;
        assertTrue(status != 202, () -> "case " + index + " accepted a number out of range");
      }
      if (status == 202) {
        accepted++;
        JsonNode echo = outcome.response().body();
        if (echo.isArray()) {
          echo.forEach(IngestFuzzTest::assertKeepsTheRules);
        } else {
          assertKeepsTheRules(echo);
        }
      }
    }
    assertTrue(accepted > CASES / 50, "the generator reaches the queue often: " + accepted);
    assertTrue(withNumbersOutOfRange > CASES / 100, "and sends numbers out of range often too");
  }

  private static final String[] SEGMENT_PATHS = {
    "/v1/batch", "/v1/import", "/v1/track", "/v1/t", "/v1/page", "/v1/p", "/v1/identify",
    "/v1/i", "/v1/group", "/v1/alias", "/v1/screen", "/v1/s", "/v1/x", "/v1/batch/"
  };

  private static final String[] SEGMENT_TYPES = {
    "track", "page", "screen", "identify", "group", "alias", "Track", "", "x"
  };

  @Test
  void noGeneratedSegmentRequestGetsA5xxAndNoneLogsItsContent(AwsTestEnvironment aws) {
    IngestService ingest = ingestFor(aws, "fuzz-segment");
    Random random = new Random(SEED + 1);
    int accepted = 0;
    for (int i = 0; i < CASES / 4; i++) {
      numberOutOfRange = false;
      String path = SEGMENT_PATHS[random.nextInt(SEGMENT_PATHS.length)];
      String marker = "secret-" + i;
      byte[] body = segmentBody(random, path, marker);
      // A mutation may leave out a field whose value held the number: judge the body sent.
      String sent = new String(body, StandardCharsets.UTF_8);
      numberOutOfRange = HostileInputTest.NUMBERS_OUT_OF_RANGE.stream().anyMatch(sent::contains);
      IngestOutcome outcome =
          ingest.handle(new HttpRequest("POST", path, segmentHeaders(random), Map.of(), body));
      int status = outcome.response().status();
      int index = i;
      assertTrue(status < 500, () -> "case " + index + " answered " + status);
      assertTrue(
          outcome.problem() == null || !outcome.problem().contains(marker),
          () -> "case " + index + " logged content: " + outcome.problem());
      if (numberOutOfRange) {
        assertTrue(status != 200, () -> "case " + index + " accepted a number out of range");
      }
      if (status == 200) {
        accepted++;
      }
    }
    assertTrue(accepted > CASES / 200, "the generator reaches the queue often: " + accepted);
  }

  private static Map<String, String> segmentHeaders(Random random) {
    Map<String, String> headers = new HashMap<>();
    String key =
        switch (random.nextInt(16)) {
          case 0 -> "wk-123:";
          case 1 -> UUID.randomUUID() + ":";
          case 2 -> "\uFFFF";
          default -> Seed.APPLICATION + ":";
        };
    switch (random.nextInt(20)) {
      case 0, 1 -> {}
      case 2 -> headers.put("authorization", "Basic !!!" + text(random));
      case 3 -> headers.put("authorization", "Bearer " + Seed.APPLICATION);
      case 4 -> headers.put("authorization", "Basic");
      default ->
          headers.put(
              "authorization",
              "Basic "
                  + java.util.Base64.getEncoder()
                      .encodeToString(key.getBytes(StandardCharsets.UTF_8)));
    }
    if (random.nextInt(10) == 0) {
      headers.put("content-encoding", random.nextBoolean() ? "gzip" : "br");
    }
    if (random.nextInt(10) == 0) {
      headers.put("origin", random.nextBoolean() ? "null" : "https://" + text(random));
    }
    return headers;
  }

  private byte[] segmentBody(Random random, String path, String marker) {
    boolean batch = path.startsWith("/v1/batch") || path.equals("/v1/import");
    String body;
    if (batch) {
      StringBuilder messages = new StringBuilder();
      int size = random.nextInt(6) == 0 ? random.nextInt(40) : 1 + random.nextInt(3);
      for (int i = 0; i < size; i++) {
        messages
            .append(i == 0 ? "" : ",")
            .append(random.nextInt(20) == 0 ? "7" : segmentMessage(random, marker));
      }
      body =
          "{\"batch\":"
              + (random.nextInt(20) == 0 ? "\"x\"" : "[" + messages + "]")
              + (random.nextBoolean() ? ",\"sentAt\":\"2026-11-29T12:00:01Z\"" : "")
              + (random.nextInt(4) == 0 ? ",\"writeKey\":\"" + Seed.APPLICATION + "\"" : "")
              + "}";
    } else {
      body = segmentMessage(random, marker);
      if (!path.equals("/v1/track") && !path.equals("/v1/t") && random.nextInt(4) > 0) {
        body = body.replace("\"type\":\"track\",", "");
      }
      if (random.nextBoolean()) {
        body = body.substring(0, body.length() - 1) + ",\"writeKey\":\"" + Seed.APPLICATION + "\"}";
      }
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return switch (random.nextInt(12)) {
      case 0 -> randomBytes(random);
      case 1 -> truncated(random, bytes);
      case 2 -> overlong(random, bytes);
      default -> bytes;
    };
  }

  /**
   * A Segment message with each field, now and then, mutated; {@code marker} in its content. A
   * field is mutated less often than a native one: a message has twice as many.
   */
  private String segmentMessage(Random random, String marker) {
    StringBuilder message = new StringBuilder("{");
    if (random.nextBoolean()) {
      message.append("\"type\":\"track\",\"event\":\"").append(marker).append("\",");
      message.append("\"userId\":\"u-").append(random.nextInt(9)).append("\",");
      message.append("\"properties\":").append(data(random, 2)).append('}');
      return message.toString();
    }
    if (random.nextInt(3) > 0) {
      String type =
          random.nextInt(4) == 0 ? SEGMENT_TYPES[random.nextInt(SEGMENT_TYPES.length)] : "track";
      field(message, random, "type", quoted(type));
    }
    field(message, random, "event", quoted(random.nextInt(3) == 0 ? text(random) : marker));
    field(message, random, "name", quoted(text(random)));
    field(message, random, "userId", quoted(random.nextInt(4) == 0 ? text(random) : "u-1"));
    field(message, random, "anonymousId", quoted(UUID.randomUUID().toString()));
    field(message, random, "messageId", quoted(random.nextBoolean() ? marker : text(random)));
    field(
        message,
        random,
        "properties",
        random.nextInt(4) == 0
            ? data(random, 1 + random.nextInt(40))
            : "{\"m\":\"" + marker + "\"}");
    field(message, random, "traits", data(random, 2));
    field(message, random, "context", "{\"session_id\":" + quoted(text(random)) + "}");
    field(
        message,
        random,
        "timestamp",
        quoted(random.nextInt(10) > 0 ? "2026-11-29T11:59:00Z" : "0001-01-01T00:00:00Z"));
    field(
        message,
        random,
        "sentAt",
        quoted(random.nextInt(10) == 0 ? "9999-12-31T23:59:59Z" : "2026-11-29T11:59:01Z"));
    if (message.charAt(message.length() - 1) == ',') {
      message.setLength(message.length() - 1);
    }
    return message.append('}').toString();
  }

  private static void assertKeepsTheRules(JsonNode event) {
    assertTrue(Uuids.parse(event.get("session_id").asText()).isPresent());
    for (String field : new String[] {"category", "name"}) {
      String text = event.get(field).textValue();
      assertTrue(!text.isBlank() && text.codePointCount(0, text.length()) <= 200, field);
      assertTrue(EnvelopeValidator.isQueueable(text), field);
    }
    assertTrue(event.get("data").isObject());
    assertTrue(depth(event.get("data")) <= EnvelopeValidator.MAX_DATA_DEPTH);
    assertTrue(EventTimestamps.parse(event.get("timestamp").asText()).isPresent());
    assertEquals(Optional.empty(), JsonNumbers.firstOutOfRange(event.get("data")));
    assertEquals(36, event.get("id").asText().length());
  }

  private static int depth(JsonNode node) {
    int deepest = 0;
    for (JsonNode child : node) {
      deepest = Math.max(deepest, depth(child));
    }
    return node.isContainerNode() ? deepest + 1 : 0;
  }

  private static Map<String, String> headers(Random random) {
    Map<String, String> headers = new HashMap<>();
    switch (random.nextInt(20)) {
      case 0 -> {}
      case 1 -> headers.put("application", "not-a-uuid");
      case 2 -> headers.put("application", UUID.randomUUID().toString());
      case 3 -> headers.put("application", "{" + Seed.APPLICATION.toUpperCase() + "}");
      case 4 -> headers.put("application", "\uFFFF" + Seed.APPLICATION);
      default -> headers.put("application", Seed.APPLICATION);
    }
    for (int extra = random.nextInt(4); extra > 0; extra--) {
      headers.put("x-" + random.nextInt(1000), text(random));
    }
    return headers;
  }

  private byte[] body(Random random) {
    return switch (random.nextInt(12)) {
      case 0 -> randomBytes(random);
      case 1 -> truncated(random, event(random).getBytes(StandardCharsets.UTF_8));
      case 2 -> event(random).getBytes(StandardCharsets.UTF_16);
      case 3 -> overlong(random, event(random).getBytes(StandardCharsets.UTF_8));
      case 4, 5 -> array(random).getBytes(StandardCharsets.UTF_8);
      default -> event(random).getBytes(StandardCharsets.UTF_8);
    };
  }

  private String array(Random random) {
    StringBuilder array = new StringBuilder("[");
    int size = random.nextInt(4) == 0 ? random.nextInt(110) : random.nextInt(4);
    for (int i = 0; i < size; i++) {
      array.append(i == 0 ? "" : ",").append(random.nextInt(15) == 0 ? "\"x\"" : event(random));
    }
    return array.append(']').toString();
  }

  /** A seed-style event with each field, at random, mutated. */
  private String event(Random random) {
    StringBuilder event = new StringBuilder("{");
    if (random.nextInt(40) == 0) {
      event.append("\"ignored\":").append(outOfRange(random)).append(',');
    }
    field(event, random, "session_id", quoted(UUID.randomUUID().toString()));
    field(
        event,
        random,
        "category",
        quoted(random.nextInt(3) == 0 ? text(random) : "page interaction"));
    field(event, random, "name", quoted(random.nextInt(3) == 0 ? text(random) : "pageview"));
    field(event, random, "data", data(random, random.nextInt(5) == 0 ? 1 + random.nextInt(40) : 2));
    field(
        event,
        random,
        "timestamp",
        quoted(random.nextBoolean() ? "2021-01-01 09:15:27.243860" : "2021-01-01T09:15:27Z"));
    if (event.charAt(event.length() - 1) == ',') {
      event.setLength(event.length() - 1);
    }
    return event.append('}').toString();
  }

  private static void field(StringBuilder event, Random random, String name, String value) {
    switch (random.nextInt(25)) {
      case 0 -> {} // missing
      case 1 -> event.append(quoted(name)).append(":null,");
      case 2 -> event.append(quoted(name)).append(":").append(random.nextInt()).append(',');
      case 3 -> event.append(quoted(name)).append(":[],");
      case 4 -> event.append(quoted(name)).append(":").append(quoted(text(random))).append(',');
      default -> event.append(quoted(name)).append(':').append(value).append(',');
    }
  }

  private String data(Random random, int depth) {
    if (depth <= 1) {
      return "{\"host\":" + quoted(text(random)) + ",\"path\":" + number(random) + "}";
    }
    String inner = data(random, depth - 1);
    return random.nextBoolean()
        ? "{" + quoted(text(random)) + ":" + inner + "}"
        : "{\"a\":[" + inner + "," + number(random) + "]}";
  }

  private String number(Random random) {
    if (random.nextInt(25) == 0) {
      return outOfRange(random);
    }
    String[] forms = {
      "0",
      "-0",
      "1.0",
      "1.00",
      "-0.0",
      "1e400",
      "1E-400",
      "12345678901234567890123",
      "3.14",
      "1e1000",
      "-1E-1000",
      "0e-1000"
    };
    return forms[random.nextInt(forms.length)];
  }

  /** Whether the body being generated holds a number no event may carry. */
  private boolean numberOutOfRange;

  private String outOfRange(Random random) {
    numberOutOfRange = true;
    List<String> numbers = HostileInputTest.NUMBERS_OUT_OF_RANGE;
    return numbers.get(random.nextInt(numbers.size()));
  }

  /** Text with, now and then, what breaks naive handling: surrogates, noncharacters, controls. */
  private static String text(Random random) {
    StringBuilder text = new StringBuilder();
    int length = random.nextInt(8) == 0 ? 150 + random.nextInt(100) : random.nextInt(12);
    for (int i = 0; i < length; i++) {
      switch (random.nextInt(30)) {
        case 0 -> text.append("\\ud800");
        case 1 -> text.append("\\uffff");
        case 2 -> text.append("\\ufffe");
        case 3 -> text.append("\\u0000");
        case 4 -> text.append("\\ud83d\\ude00");
        case 5 -> text.appendCodePoint(0x1F600);
        case 6 -> text.append("\\\"");
        case 7 -> text.append(' ');
        default -> text.append((char) ('a' + random.nextInt(26)));
      }
    }
    return text.toString();
  }

  private static String quoted(String text) {
    return "\"" + text + "\"";
  }

  private static byte[] randomBytes(Random random) {
    byte[] bytes = new byte[random.nextInt(200)];
    random.nextBytes(bytes);
    return bytes;
  }

  private static byte[] truncated(Random random, byte[] bytes) {
    return java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
  }

  private static byte[] overlong(Random random, byte[] bytes) {
    byte[] copy = bytes.clone();
    int at = random.nextInt(Math.max(1, copy.length - 1));
    copy[at] = (byte) 0xC0;
    if (at + 1 < copy.length) {
      copy[at + 1] = (byte) 0xAF;
    }
    return copy;
  }

  /** The ingest service with the defaults, the seed application trusted, its own queue. */
  private static IngestService ingestFor(AwsTestEnvironment aws, String queue) {
    TableNames tables = aws.createTables();
    aws.putApplication(tables, UUID.fromString(Seed.APPLICATION), "seed", true);
    return IngestService.create(
        Seed.config(tables, aws.createQueue(queue), false),
        aws.sqs(),
        aws.dynamoDb(),
        new MutableClock(Instant.parse("2026-11-29T12:00:00Z")),
        Seed.RECEIPT_KEYS);
  }
}

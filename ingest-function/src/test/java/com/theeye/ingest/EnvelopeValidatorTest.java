package com.theeye.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.JsonNode;
import com.theeye.event.Event;
import com.theeye.event.ExactJson;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EnvelopeValidatorTest {

  private static final UUID APP = UUID.fromString("0e302fce-66ad-4721-911e-0ab9d33697bf");
  private static final Instant RECEIVED = Instant.parse("2026-11-29T12:00:00Z");
  private final EnvelopeValidator validator = new EnvelopeValidator(3);

  @Test
  void acceptsTheSeedExampleAndNormalizesIt() {
    var accepted = accept(Seed.PAGEVIEW_BODY);

    Event event = accepted.events().getFirst();
    assertEquals("e2085be5-9137-4e4e-80b5-f1ffddc25423", event.sessionId().toString());
    assertEquals("page interaction", event.category());
    assertEquals("pageview", event.name());
    assertEquals(Instant.parse("2021-01-01T09:15:27.243860Z"), event.timestamp());
    assertEquals(APP, event.application());
    assertEquals(RECEIVED, event.receivedAt());
    assertEquals(false, accepted.batch());
  }

  @Test
  void reportsEveryMissingFieldAtOnceInDrfShape() {
    JsonNode errors = reject("{}");
    assertEquals(
        json(
            "{\"session_id\":[\"This field is required.\"],\"category\":[\"This field is required.\"],"
                + "\"name\":[\"This field is required.\"],\"data\":[\"This field is required.\"],"
                + "\"timestamp\":[\"This field is required.\"]}"),
        errors);
  }

  @Test
  void reportsTheSeedErrorExampleWithoutTheOneEventPerSessionRule() {
    assertEquals(
        json("{\"name\":[\"This field is required.\"],\"data\":[\"This field is required.\"]}"),
        reject(Seed.ERROR_BODY));
  }

  @Test
  void nullsAreReportedAsNullNotMissing() {
    JsonNode errors =
        reject(
            "{\"session_id\":null,\"category\":null,\"name\":null,\"data\":null,\"timestamp\":null}");
    for (String field : new String[] {"session_id", "category", "name", "data", "timestamp"}) {
      assertEquals("This field may not be null.", errors.get(field).get(0).asText(), field);
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '#',
      value = {
        "\"session_id\": \"not-a-uuid\"                # session_id # Must be a valid UUID.",
        "\"session_id\": 12                            # session_id # Must be a valid UUID.",
        "\"category\": \"   \"                          # category   # This field may not be blank.",
        "\"name\": \"\"                                 # name       # This field may not be blank.",
        "\"name\": [\"x\"]                              # name       # Not a valid string.",
        "\"data\": \"host=x\"                           # data       # Expected a dictionary of items but got type \"str\".",
        "\"data\": [1]                                 # data       # Expected a dictionary of items but got type \"list\".",
        "\"data\": 3                                   # data       # Expected a dictionary of items but got type \"int\".",
        "\"data\": true                                # data       # Expected a dictionary of items but got type \"bool\".",
        "\"timestamp\": \"01/01/2021\"                  # timestamp  # Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].",
        "\"timestamp\": 1609492527                     # timestamp  # Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z]."
      })
  void usesDrfWordingForEachBadField(String override, String field, String message) {
    JsonNode errors = reject(withField(override));
    assertEquals(
        json("{\"" + field + "\":[" + ExactJson.MAPPER.valueToTree(message) + "]}"), errors);
  }

  @Test
  void limitsCategoryAndNameTo200Characters() {
    String longest = "c".repeat(200);
    accept(withField("\"category\": \"" + longest + "\""));
    JsonNode errors = reject(withField("\"name\": \"" + "n".repeat(201) + "\""));
    assertEquals(
        "Ensure this field has no more than 200 characters.", errors.get("name").get(0).asText());
  }

  @Test
  void trimsCategoryAndNameAsDrfDoes() {
    Event event = accept(withField("\"category\": \"  page interaction \"")).events().getFirst();
    assertEquals("page interaction", event.category());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "E2085BE5-9137-4E4E-80B5-F1FFDDC25423",
        "e2085be591374e4e80b5f1ffddc25423",
        "{e2085be5-9137-4e4e-80b5-f1ffddc25423}",
        "urn:uuid:e2085be5-9137-4e4e-80b5-f1ffddc25423"
      })
  void acceptsEveryUuidSpellingPythonAccepts(String spelling) {
    Event event = accept(withField("\"session_id\": \"" + spelling + "\"")).events().getFirst();
    assertEquals("e2085be5-9137-4e4e-80b5-f1ffddc25423", event.sessionId().toString());
  }

  @Test
  void ignoresUnknownFields() {
    accept(withField("\"referrer\": \"https://example.com\""));
  }

  @Test
  void aBodyThatIsNotAnObjectGetsANonFieldError() {
    assertEquals(
        json("{\"non_field_errors\":[\"Invalid data. Expected a dictionary, but got str.\"]}"),
        reject("\"hi\""));
  }

  @Test
  void acceptsABatchWhole() {
    var accepted = accept("[" + Seed.PAGEVIEW_BODY + "," + Seed.CTA_CLICK_BODY + "]");
    assertEquals(2, accepted.events().size());
    assertEquals("cta click", accepted.events().get(1).name());
    assertEquals(true, accepted.batch());
  }

  @Test
  void rejectsTheWholeBatchWhenOneEventIsBadAndKeysErrorsByIndex() {
    JsonNode errors = reject("[" + Seed.PAGEVIEW_BODY + "," + Seed.ERROR_BODY + ", 7]");
    assertEquals(
        json(
            "{\"1\":{\"name\":[\"This field is required.\"],\"data\":[\"This field is required.\"]},"
                + "\"2\":{\"non_field_errors\":[\"Invalid data. Expected a dictionary, but got int.\"]}}"),
        errors);
  }

  @Test
  void rejectsEmptyAndOversizedBatches() {
    assertEquals(json("{\"non_field_errors\":[\"This list may not be empty.\"]}"), reject("[]"));
    String four =
        "[" + String.join(",", java.util.Collections.nCopies(4, Seed.PAGEVIEW_BODY)) + "]";
    assertEquals(
        json("{\"non_field_errors\":[\"Ensure this field has no more than 3 elements.\"]}"),
        reject(four));
  }

  @Test
  void refusesAnEventLargerThanMaxEventBytesNamingTheLimit() {
    EnvelopeValidator limited = new EnvelopeValidator(3, 1024);
    String small = Seed.PAGEVIEW_BODY;
    String large = withField("\"data\": {\"path\": \"/" + "x".repeat(1024) + "\"}");
    // White space in the request does not count: the seed body's indentation is free.
    String padded = Seed.PAGEVIEW_BODY.replace("    ", " ".repeat(400));

    assertInstanceOf(EnvelopeResult.Accepted.class, limited.validate(json(padded), APP, RECEIVED));
    JsonNode single =
        assertInstanceOf(
                EnvelopeResult.Rejected.class, limited.validate(json(large), APP, RECEIVED))
            .errors();
    JsonNode batch =
        assertInstanceOf(
                EnvelopeResult.Rejected.class,
                limited.validate(json("[" + small + "," + large + "]"), APP, RECEIVED))
            .errors();

    String message =
        "Ensure this event has no more than 1024 bytes (MAX_EVENT_BYTES), counted as compact JSON.";
    assertEquals(
        json("{\"non_field_errors\":[" + ExactJson.MAPPER.valueToTree(message) + "]}"), single);
    assertEquals(
        json("{\"1\":{\"non_field_errors\":[" + ExactJson.MAPPER.valueToTree(message) + "]}}"),
        batch);
  }

  private EnvelopeResult.Accepted accept(String body) {
    return assertInstanceOf(
        EnvelopeResult.Accepted.class, validator.validate(json(body), APP, RECEIVED));
  }

  private JsonNode reject(String body) {
    return assertInstanceOf(
            EnvelopeResult.Rejected.class, validator.validate(json(body), APP, RECEIVED))
        .errors();
  }

  /** The seed pageview with one field replaced or added. */
  private static String withField(String field) {
    var body = (com.fasterxml.jackson.databind.node.ObjectNode) json(Seed.PAGEVIEW_BODY);
    body.setAll((com.fasterxml.jackson.databind.node.ObjectNode) json("{" + field + "}"));
    return body.toString();
  }

  static JsonNode json(String text) {
    try {
      return ExactJson.MAPPER.readTree(text);
    } catch (Exception e) {
      throw new AssertionError("bad test JSON: " + text, e);
    }
  }
}

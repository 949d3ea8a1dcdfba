package com.theeye.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventIdsTest {

  private static final UUID APP = UUID.fromString("0e302fce-66ad-4721-911e-0ab9d33697bf");
  private static final UUID SESSION = UUID.fromString("e2085be5-9137-4e4e-80b5-f1ffddc25423");
  private static final Instant WHEN = Instant.parse("2021-01-01T09:15:27.243860Z");

  @Test
  void sameContentGivesTheSameIdWhateverTheKeyOrder() throws Exception {
    String first = id(APP, "pageview", "{\"host\":\"a\",\"path\":\"/\",\"n\":{\"y\":1,\"x\":2}}");
    String second =
        id(APP, "pageview", "{ \"path\": \"/\", \"n\": {\"x\": 2, \"y\": 1}, \"host\": \"a\" }");
    assertEquals(first, second);
  }

  @Test
  void anyDifferenceInContentGivesAnotherId() throws Exception {
    String base = id(APP, "pageview", "{\"host\":\"a\"}");
    assertNotEquals(base, id(APP, "pageview", "{\"host\":\"b\"}"));
    assertNotEquals(base, id(APP, "cta click", "{\"host\":\"a\"}"));
    assertNotEquals(base, id(UUID.randomUUID(), "pageview", "{\"host\":\"a\"}"));
    assertNotEquals(
        base,
        EventIds.derive(
            APP,
            SESSION,
            "page interaction",
            "pageview",
            WHEN.plusNanos(1000),
            data("{\"host\":\"a\"}")));
  }

  @Test
  void fieldBoundariesCannotBeShifted() throws Exception {
    String a = EventIds.derive(APP, SESSION, "ab", "c", WHEN, data("{}"));
    String b = EventIds.derive(APP, SESSION, "a", "bc", WHEN, data("{}"));
    assertNotEquals(a, b);
  }

  @Test
  void idIsAVersion8Uuid() throws Exception {
    UUID id = UUID.fromString(id(APP, "pageview", "{}"));
    assertEquals(8, id.version());
    assertEquals(2, id.variant());
  }

  @Test
  void canonicalJsonSortsKeysAndKeepsNumbersAsSent() throws Exception {
    JsonNode node =
        ExactJson.MAPPER.readTree(
            "{\"b\": [1.50, {\"d\": true, \"c\": null}], \"a\": \"\\u00e9\"}");
    assertEquals(
        "{\"a\":\"é\",\"b\":[1.50,{\"c\":null,\"d\":true}]}", EventIds.canonicalJson(node));
  }

  @Test
  void numbersAtTheEdgesOfTheRangeKeepTheirShortForm() throws Exception {
    JsonNode node = ExactJson.MAPPER.readTree("{\"b\": -1e-1000, \"a\": 9.99e1000, \"c\": 0e1000}");

    assertEquals("{\"a\":9.99E+1000,\"b\":-1E-1000,\"c\":0E+1000}", EventIds.canonicalJson(node));
    assertEquals(36, EventIds.derive(APP, SESSION, "c", "n", WHEN, node).length());
  }

  // JSON Schema and DynamoDB compare numbers by value and DynamoDB keeps no negative zero: the
  // same event by design, so both posts are answered with one id (docs/API.md: Event identity).
  @Test
  void minusZeroIsZero() throws Exception {
    assertEquals(
        id(APP, "pageview", "{\"n\":0,\"x\":0.0}"), id(APP, "pageview", "{\"n\":-0,\"x\":-0.0}"));
  }

  private static String id(UUID app, String name, String json) throws Exception {
    return EventIds.derive(app, SESSION, "page interaction", name, WHEN, data(json));
  }

  private static ObjectNode data(String json) throws Exception {
    return (ObjectNode) ExactJson.MAPPER.readTree(json);
  }
}

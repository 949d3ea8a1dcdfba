package com.theeye.store;

import static com.theeye.store.Attributes.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.theeye.event.ClientContext;
import com.theeye.event.Event;
import com.theeye.event.EventCodec;
import com.theeye.event.ExactJson;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class EventItemsTest {

  private static final UUID APPLICATION = UUID.fromString("3f0c6a52-6f5d-4c1e-9d43-2b1c1a0e5b7a");
  private static final UUID SESSION = UUID.fromString("e2085be5-9137-4e4e-80b5-f1ffddc25423");

  static final Event PAGEVIEW =
      new Event(
          "7d1f0a9c",
          APPLICATION,
          SESSION,
          "page interaction",
          "pageview",
          json("{\"host\":\"shop.example\",\"price\":10.5}"),
          Instant.parse("2021-01-01T09:15:27.243860Z"),
          Instant.parse("2021-01-01T09:15:28.500Z"));

  private static final StoredEvent STORED =
      new StoredEvent(PAGEVIEW, 3, Optional.of(Instant.parse("2021-01-31T09:15:28Z")));

  @Test
  void readsBackWhatItWrites() {
    assertEquals(STORED, EventItems.fromItem(EventItems.toItem(STORED)));
  }

  @Test
  void readsBackTheIdentityTheClientsClockAndTheSegmentFieldsAndKeysByTheClientsTime() {
    Instant original = Instant.parse("2030-01-01T00:00:00Z");
    Event segment =
        new Event(
            "m1",
            APPLICATION,
            SESSION,
            "track",
            "Order Completed",
            json("{\"total\":10}"),
            Instant.parse("2021-01-01T09:15:27Z"),
            Instant.parse("2021-01-01T09:15:28Z"),
            ClientContext.NONE,
            new com.theeye.event.Identity(Optional.of("anon-1"), Optional.of("u42")),
            new com.theeye.event.ClientClock(
                Optional.of(original.plusSeconds(1)), Optional.of(original)),
            new com.theeye.event.SegmentMessage(
                Optional.of("msg-1"),
                Optional.of(json("{\"type\":\"track\",\"context\":{\"a\":[1]}}"))));
    StoredEvent stored = new StoredEvent(segment, 1, Optional.empty(), Optional.empty(), true);

    Map<String, AttributeValue> item = EventItems.toItem(stored);

    assertEquals(stored, EventItems.fromItem(item));
    assertEquals("2030-01-01T00:00:00.000000Z#m1", item.get("occurred_at_id").s());
    assertEquals("u42", item.get("user_id").s());
    assertEquals(true, item.get("unplanned").bool());
    assertTrue(item.get("segment").hasM(), "kept as a map, as data is");
  }

  @Test
  void anItemStoredBeforeIdentitiesReadsWithoutThem() {
    Map<String, AttributeValue> item = EventItems.toItem(STORED);

    StoredEvent read = EventItems.fromItem(item);

    assertFalse(
        item.containsKey("user_id")
            || item.containsKey("segment")
            || item.containsKey("unplanned"));
    assertEquals(com.theeye.event.Identity.NONE, read.event().identity());
    assertFalse(read.unplanned());
  }

  @Test
  void readsBackAnEventKeptForever() {
    StoredEvent forever = new StoredEvent(PAGEVIEW, 0, Optional.empty());

    Map<String, AttributeValue> item = EventItems.toItem(forever);

    assertFalse(item.containsKey("expires_at"));
    assertEquals(forever, EventItems.fromItem(item));
  }

  // Renaming an attribute, or printing a value differently, would orphan the items already stored.
  @Test
  void writesTheAttributeNamesAndFormatsOfStoredItems() {
    assertEquals(
        Map.ofEntries(
            Map.entry("session_id", s("e2085be5-9137-4e4e-80b5-f1ffddc25423")),
            Map.entry("occurred_at_id", s("2021-01-01T09:15:27.243860Z#7d1f0a9c")),
            Map.entry("category_shard", s("page interaction#3")),
            Map.entry("id", s("7d1f0a9c")),
            Map.entry("application", s("3f0c6a52-6f5d-4c1e-9d43-2b1c1a0e5b7a")),
            Map.entry("category", s("page interaction")),
            Map.entry("name", s("pageview")),
            Map.entry(
                "data",
                AttributeValue.fromM(
                    Map.of("host", s("shop.example"), "price", AttributeValue.fromN("10.5")))),
            Map.entry("timestamp", s("2021-01-01T09:15:27.243860Z")),
            Map.entry("received_at", s("2021-01-01T09:15:28.500000Z")),
            Map.entry("expires_at", AttributeValue.fromN("1612084528"))),
        EventItems.toItem(STORED));
  }

  @Test
  void storesTheClientContextBesideTheDataAndReadsItBack() {
    Event withContext =
        PAGEVIEW.withContext(
            new ClientContext(Optional.of("Mozilla/5.0"), Optional.of("2001:db8:1234:5678::1")));
    StoredEvent stored = new StoredEvent(withContext, 3, Optional.empty());

    Map<String, AttributeValue> item = EventItems.toItem(stored);

    assertEquals(s("Mozilla/5.0"), item.get("user_agent"));
    assertEquals(s("2001:db8:1234::"), item.get("client_ip"));
    assertEquals(AttributeValue.fromN("10.5"), item.get("data").m().get("price"));
    assertEquals(stored, EventItems.fromItem(item));
    assertEquals(
        ClientContext.NONE, EventItems.fromItem(EventItems.toItem(STORED)).event().context());
  }

  @Test
  void keepsTheExpiryInWholeSeconds() {
    StoredEvent stored =
        new StoredEvent(PAGEVIEW, 3, Optional.of(Instant.parse("2021-01-31T09:15:28.900Z")));

    assertEquals(STORED, stored);
  }

  @Test
  void refusesAnItemWithoutAnAttributeNamingIt() {
    Map<String, AttributeValue> item = new HashMap<>(EventItems.toItem(STORED));
    item.remove(EventItems.CATEGORY);

    var e = assertThrows(IllegalStateException.class, () -> EventItems.fromItem(item));

    assertTrue(e.getMessage().contains("category"), e.getMessage());
  }

  private static ObjectNode json(String text) {
    try {
      return (ObjectNode) ExactJson.MAPPER.readTree(text);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void storesDataAsANativeMapWithNumbersListsBooleansAndNulls() {
    ObjectNode data =
        json(
            "{\"n\":1,\"big\":12345678901234567890,\"tiny\":0.000001,\"text\":\"1\","
                + "\"list\":[1,\"a\",{\"deep\":true}],\"none\":null,\"empty\":{},\"blank\":\"\"}");
    StoredEvent stored = new StoredEvent(withData(data), 3, Optional.empty());

    Map<String, AttributeValue> item = EventItems.toItem(stored);

    AttributeValue map = item.get(EventItems.DATA);
    assertEquals("1", map.m().get("n").n());
    assertEquals("1", map.m().get("text").s());
    assertEquals(true, map.m().get("list").l().get(2).m().get("deep").bool());
    assertEquals(true, map.m().get("none").nul());
    assertEquals(
        EventCodec.write(data), EventCodec.write(EventItems.fromItem(item).event().data()));
  }

  @Test
  void numbersComeBackAsDynamoDbKeepsThemEqualInValue() {
    StoredEvent stored =
        new StoredEvent(withData(json("{\"price\":10.50,\"count\":1.0E+2}")), 3, Optional.empty());

    ObjectNode data = EventItems.fromItem(EventItems.toItem(stored)).event().data();

    assertEquals("{\"price\":10.5,\"count\":100}", EventCodec.write(data));
  }

  @Test
  void readsItemsWrittenBeforeDataWasAMap() {
    Map<String, AttributeValue> item = new HashMap<>(EventItems.toItem(STORED));
    item.put("data", s("{\"host\":\"shop.example\",\"price\":10.50}"));

    ObjectNode data = EventItems.fromItem(item).event().data();

    assertEquals("{\"host\":\"shop.example\",\"price\":10.50}", EventCodec.write(data));
  }

  @Test
  void keepsDataDynamoDbCannotHoldAsAMapAsText() {
    String tooPrecise = "{\"n\":1234567890123456789012345678901234567890.5}";
    StoredEvent stored = new StoredEvent(withData(json(tooPrecise)), 3, Optional.empty());

    Map<String, AttributeValue> item = EventItems.toItem(stored);

    assertEquals(tooPrecise, item.get(EventItems.DATA).s());
    assertEquals(stored, EventItems.fromItem(item));
  }

  @Test
  void keepsNumbersFarPastDynamoDbsRangeAsText() {
    for (String data :
        List.of(
            "{\"n\":1E+2147483647}",
            "{\"n\":1E-2147483647}",
            "{\"n\":1E+1000}",
            "{\"n\":1.000E-1000}")) {
      StoredEvent stored = new StoredEvent(withData(json(data)), 3, Optional.empty());

      Map<String, AttributeValue> item = EventItems.toItem(stored);

      assertEquals(data, item.get(EventItems.DATA).s());
      assertEquals(stored, EventItems.fromItem(item));
    }
  }

  @Test
  void sizesUpANumberWhoseZerosCannotBeTrimmedWithoutFailing() {
    // Trimming its zeros would take its scale past int's range: the check must not try.
    ObjectNode data = json("{\"n\":100E+2147483647}");

    Map<String, AttributeValue> item =
        EventItems.toItem(new StoredEvent(withData(data), 3, Optional.empty()));

    assertEquals(EventCodec.write(data), item.get(EventItems.DATA).s());
  }

  @Test
  void storesZeroWrittenWithAnyExponentAsTheNumberZero() {
    for (String zero : List.of("0E+2147483647", "0E-2147483647", "0.000", "-0.0")) {
      StoredEvent stored =
          new StoredEvent(withData(json("{\"n\":" + zero + "}")), 3, Optional.empty());

      Map<String, AttributeValue> item = EventItems.toItem(stored);

      assertEquals("0", item.get(EventItems.DATA).m().get("n").n(), zero);
    }
  }

  @Test
  void keepsDataNestedDeeperThanDynamoDbAllowsAsText() {
    String deep = "{\"a\":".repeat(40) + "1" + "}".repeat(40);
    StoredEvent stored = new StoredEvent(withData(json(deep)), 3, Optional.empty());

    Map<String, AttributeValue> item = EventItems.toItem(stored);

    assertEquals(deep, item.get(EventItems.DATA).s());
    assertEquals(stored, EventItems.fromItem(item));
  }

  @Test
  void keepsDataWithAMemberNameDynamoDbRefusesAsText() {
    // The parser takes names up to 50,000 characters; two bytes each, they pass 64 KB.
    String longName = "\u00e9".repeat(32 * 1024);
    for (String data :
        List.of(
            "{\"\":1}",
            "{\"form\":{\"fields\":[{\"\":\"empty name, deep down\"}]}}",
            "{\"" + longName + "\":1}")) {
      StoredEvent stored = new StoredEvent(withData(json(data)), 3, Optional.empty());

      Map<String, AttributeValue> item = EventItems.toItem(stored);

      assertEquals(
          data,
          item.get(EventItems.DATA).s(),
          () -> data.substring(0, Math.min(40, data.length())));
      assertEquals(stored, EventItems.fromItem(item));
    }
  }

  @Test
  void storesTheLongestMemberNameDynamoDbTakesAsAMap() {
    String name = "\u00e9".repeat(32 * 1024 - 1) + "k";
    StoredEvent stored =
        new StoredEvent(withData(json("{\"" + name + "\":1}")), 3, Optional.empty());

    Map<String, AttributeValue> item = EventItems.toItem(stored);

    assertTrue(item.get(EventItems.DATA).m().containsKey(name));
    assertEquals(stored, EventItems.fromItem(item));
  }

  private static Event withData(ObjectNode data) {
    return new Event(
        PAGEVIEW.id(),
        PAGEVIEW.application(),
        PAGEVIEW.sessionId(),
        PAGEVIEW.category(),
        PAGEVIEW.name(),
        data,
        PAGEVIEW.timestamp(),
        PAGEVIEW.receivedAt(),
        PAGEVIEW.context());
  }
}

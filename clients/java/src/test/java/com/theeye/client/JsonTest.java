package com.theeye.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void writesAnEventWithNestedDataAndEscapedText() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("path", "/a \"quoted\" \\ path\n\u0001");
    data.put("form", Map.of("first_name", "John"));
    data.put("counts", List.of(1, 2.5, true));
    data.put("nothing", null);
    data.put("tags", new String[] {"x"});

    String json =
        Json.event(
            TrackedEvent.of(
                UUID.fromString("e2085be5-9137-4e4e-80b5-f1ffddc25423"),
                "form interaction",
                "submit",
                data),
            Instant.parse("2021-01-01T09:15:27.243860Z"));

    assertEquals(
        "{\"session_id\":\"e2085be5-9137-4e4e-80b5-f1ffddc25423\",\"category\":\"form interaction\","
            + "\"name\":\"submit\",\"data\":{\"path\":\"/a \\\"quoted\\\" \\\\ path\\n\\u0001\","
            + "\"form\":{\"first_name\":\"John\"},\"counts\":[1,2.5,true],\"nothing\":null,"
            + "\"tags\":[\"x\"]},\"timestamp\":\"2021-01-01T09:15:27.243860Z\"}",
        json);
  }

  @Test
  void refusesValuesJsonCannotCarryNamingThem() {
    IllegalArgumentException notFinite =
        assertThrows(
            IllegalArgumentException.class,
            () -> Json.value(Map.of("ratio", Double.NaN), new StringBuilder()));
    IllegalArgumentException unknownType =
        assertThrows(
            IllegalArgumentException.class,
            () -> Json.value(Arrays.asList(new Object()), new StringBuilder()));

    assertEquals("JSON has no NaN: send a finite number", notFinite.getMessage());
    assertEquals(true, unknownType.getMessage().contains("java.lang.Object"));
  }

  @Test
  void writesTheIdentityWhenKnownAndSentAtPerRequest() {
    TrackedEvent event =
        TrackedEvent.of(UUID.fromString("e2085be5-9137-4e4e-80b5-f1ffddc25423"), "c", "n", Map.of())
            .withAnonymousId("anon \"1\"")
            .withUserId("user-42");

    String json =
        Json.withSentAt(
            Json.event(event, Instant.parse("2021-01-01T09:15:27Z")), "2021-01-01T09:15:30Z");

    assertEquals(
        "{\"session_id\":\"e2085be5-9137-4e4e-80b5-f1ffddc25423\",\"category\":\"c\",\"name\":\"n\","
            + "\"data\":{},\"timestamp\":\"2021-01-01T09:15:27Z\",\"anonymous_id\":\"anon \\\"1\\\"\","
            + "\"user_id\":\"user-42\",\"sent_at\":\"2021-01-01T09:15:30Z\"}",
        json);
  }
}

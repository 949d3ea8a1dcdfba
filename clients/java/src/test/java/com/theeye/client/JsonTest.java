package com.theeye.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
            "e2085be5-9137-4e4e-80b5-f1ffddc25423",
            "form interaction",
            "submit",
            data,
            "2021-01-01T09:15:27.243860Z");

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
}

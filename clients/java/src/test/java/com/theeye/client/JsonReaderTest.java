package com.theeye.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonReaderTest {

  @Test
  void readsA202sEchoWithItsReceipts() {
    Object echo =
        JsonReader.read(
            "[{\"id\":\"a\",\"data\":{\"receipt\":\"not this\",\"n\":[1,2.5,true,null]},"
                + "\"receipt\":\"eyJh.c2ln\"},{\"id\":\"b\"}]");

    Map<String, Object> first = new LinkedHashMap<>();
    first.put("id", "a");
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("receipt", "not this");
    data.put("n", Arrays.asList(1.0, 2.5, true, null));
    first.put("data", data);
    first.put("receipt", "eyJh.c2ln");
    assertEquals(List.of(first, Map.of("id", "b")), echo);
  }

  @Test
  void readsEscapes() {
    assertEquals("a\"b\\c\né", JsonReader.read("\"a\\\"b\\\\c\\n\\u00e9\""));
  }

  @Test
  void refusesWhatIsNotJson() {
    for (String text : List.of("", "{", "[1,", "{\"a\" 1}", "nul", "\"open", "[] []")) {
      assertThrows(IllegalArgumentException.class, () -> JsonReader.read(text), text);
    }
  }

  @Test
  void readsAReceiptsStatus() {
    ReceiptStatus status =
        ReceiptStatus.fromJson(
            "{\"status\": \"invalid\", \"errors\": [{\"field\": \"data.host\", \"message\": \"This"
                + " field is required.\"}]}");

    assertEquals(
        new ReceiptStatus(
            ReceiptStatus.Status.INVALID,
            List.of(new ReceiptStatus.FieldError("data.host", "This field is required."))),
        status);
  }
}

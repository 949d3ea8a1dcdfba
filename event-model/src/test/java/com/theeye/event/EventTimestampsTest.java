package com.theeye.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EventTimestampsTest {

  @ParameterizedTest
  @CsvSource({
    "2021-01-01 09:15:27.243860,        2021-01-01T09:15:27.243860Z",
    "2021-01-01T09:15:27.243860,        2021-01-01T09:15:27.243860Z",
    "2021-01-01T09:15:27.243860Z,       2021-01-01T09:15:27.243860Z",
    "2021-01-01T11:15:27.243860+02:00,  2021-01-01T09:15:27.243860Z",
    "2021-01-01T04:15:27.2438-0500,     2021-01-01T09:15:27.243800Z",
    "2021-01-01 09:15,                  2021-01-01T09:15:00.000000Z",
    "2021-01-01T09:15:27,               2021-01-01T09:15:27.000000Z",
    "2021-01-01T09:15:27.243860999Z,    2021-01-01T09:15:27.243860Z",
    "2021-1-1 9:15:27,                  2021-01-01T09:15:27.000000Z",
  })
  void acceptsTheSeedFormatAndIso8601(String text, String expected) {
    Instant parsed = EventTimestamps.parse(text).orElseThrow();
    assertEquals(expected, EventTimestamps.format(parsed));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "yesterday",
        "2021-01-01",
        "2021-13-01 09:15:27",
        "2021-02-30 09:15:27",
        "2021-01-01 25:00:00",
        "2021-01-01T09:15:27+25:00",
        "0000-01-01T00:00:00Z",
        "1612345678"
      })
  void rejectsWhatIsNotADatetime(String text) {
    assertTrue(EventTimestamps.parse(text).isEmpty(), () -> "accepted " + text);
  }

  @ParameterizedTest
  @CsvSource({
    "2021-01-01T00:00:00Z, 2021-01-01T00:00:00.000000Z",
    "0999-12-31T23:59:59.5Z, 0999-12-31T23:59:59.500000Z"
  })
  void printsFixedWidthSoTextOrderIsTimeOrder(String iso, String printed) {
    assertEquals(printed, EventTimestamps.format(Instant.parse(iso)));
  }
}

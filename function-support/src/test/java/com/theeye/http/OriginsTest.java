package com.theeye.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OriginsTest {

  @ParameterizedTest
  @CsvSource({
    "https://shop.example, https://shop.example",
    "HTTPS://Shop.Example/, https://shop.example",
    "https://shop.example:443, https://shop.example",
    "http://shop.example:80, http://shop.example",
    "http://localhost:3000, http://localhost:3000",
    "https://shop.example:8443, https://shop.example:8443",
    "http://127.0.0.1:5173, http://127.0.0.1:5173"
  })
  void normalizesAnOrigin(String text, String origin) {
    assertEquals(Optional.of(origin), Origins.normalize(text));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "null",
        "shop.example",
        "ftp://shop.example",
        "https://shop.example/cart",
        "https://shop.example?x=1",
        "https://user@shop.example",
        "https://*.shop.example",
        "file:///tmp/page.html"
      })
  void refusesWhatIsNoHttpOrigin(String text) {
    assertEquals(Optional.empty(), Origins.normalize(text));
  }

  @Test
  void noListAllowsAnyOriginAndAListOnlyItsOwn() {
    assertTrue(Origins.allows(List.of(), "https://anywhere.example"));
    assertTrue(Origins.allows(List.of("https://shop.example"), "https://SHOP.example"));
    assertFalse(Origins.allows(List.of("https://shop.example"), "https://evil.example"));
    assertFalse(Origins.allows(List.of("https://shop.example"), "http://shop.example"));
    assertFalse(Origins.allows(List.of("https://shop.example"), "null"));
  }
}

package com.theeye.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.math.BigDecimal;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonNumbersTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0",
        "-0.0",
        "1e1000",
        "-9.99E+1000",
        "1e-1000",
        "1000000e-1006",
        "0e1000",
        "0e-1000"
      })
  void anExponentFromMinus1000To1000IsInRange(String number) {
    assertTrue(JsonNumbers.inRange(new BigDecimal(number)), number);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"1e1001", "10e1000", "1e-1001", "0.1e-1000", "0e1001", "0e-1001", "1E+2147483647"})
  void anExponentPastItIsNot(String number) {
    assertFalse(JsonNumbers.inRange(new BigDecimal(number)), number);
  }

  @Test
  void theExponentIsCountedPastIntsRange() {
    // scale -2147483647 and three digits: 2147483649, which an int would wrap to a negative.
    assertEquals(2147483649L, JsonNumbers.exponent(new BigDecimal("100E+2147483647")));
    assertEquals(-2147483647L, JsonNumbers.exponent(new BigDecimal("1E-2147483647")));
  }

  @Test
  void theLongestIntegerJacksonReadsIsInRange() throws Exception {
    String longest = "9".repeat(1000);

    assertEquals(
        new BigDecimal(longest),
        ExactJson.read("[" + longest + "]", JsonNumbers.Range.EVENT).get(0).decimalValue());
  }

  @Test
  void findsTheFirstNumberOutOfRangeAndWhereItIs() throws Exception {
    var data = ExactJson.MAPPER.readTree("{\"a\":1,\"b/c\":[2,{\"d\":1E+1001}],\"e\":1E+1002}");

    assertEquals(Optional.of(JsonPointer.compile("/b~1c/1/d")), JsonNumbers.firstOutOfRange(data));
    assertEquals(
        Optional.empty(), JsonNumbers.firstOutOfRange(ExactJson.MAPPER.readTree("[1,1e1000]")));
    assertEquals(
        Optional.of(JsonPointer.empty()),
        JsonNumbers.firstOutOfRange(ExactJson.MAPPER.readTree("-1e-1001")));
  }

  @Test
  void readingForAnEventRefusesANumberOutOfRangeNamingWhereNotWhat() {
    NumberOutOfRangeException refused =
        assertThrows(
            NumberOutOfRangeException.class,
            () -> ExactJson.read("[{\"data\":{\"x\":[0,1e1001]}}]", JsonNumbers.Range.EVENT));

    assertEquals(JsonPointer.compile("/0/data/x/1"), refused.where());
    assertEquals("a number is out of range", refused.getOriginalMessage());
    assertFalse(refused.getMessage().contains("1001"), refused.getMessage());
  }

  @Test
  void aNumberNoBigDecimalHoldsIsAParseErrorWhateverTheRange() {
    for (String number :
        new String[] {"1e99999999999", "-1e99999999999", "0e99999999999", "1e-2147483648"}) {
      NumberOutOfRangeException refused =
          assertThrows(
              NumberOutOfRangeException.class,
              () -> ExactJson.read("{\"n\":" + number + "}"),
              number);

      assertEquals(JsonPointer.compile("/n"), refused.where());
      assertFalse(refused.getMessage().contains("9999"), refused.getMessage());
    }
  }

  @Test
  void readingAsReadableKeepsWhatJavaCanHold() throws Exception {
    assertEquals(
        new BigDecimal("1E+2147483647"),
        ExactJson.read("{\"n\":1E+2147483647}").get("n").decimalValue());
  }

  @Test
  void readsAsTheMapperDoes() throws Exception {
    assertNull(ExactJson.read(" "));
    assertEquals("1.50", ExactJson.read("{\"n\":1.50}").get("n").decimalValue().toPlainString());
    assertThrows(JsonProcessingException.class, () -> ExactJson.read("{} x"));
    assertThrows(JsonProcessingException.class, () -> ExactJson.read("{\"a\":1} {}"));
  }
}

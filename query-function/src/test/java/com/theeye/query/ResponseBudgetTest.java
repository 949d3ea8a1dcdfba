package com.theeye.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.theeye.event.ExactJson;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A page's byte budget counts exactly what Lambda returns, and ends the page before the cap. */
class ResponseBudgetTest {

  private static final String CURSOR = "eyJxdWVyeSI6e319." + "A".repeat(43);

  @Test
  void countsExactlyTheBytesOfTheProxyResponseThePageBecomes() {
    ResponseBudget budget = new ResponseBudget(ResponseBudget.MAX_RESPONSE_BYTES, key -> 61);
    List<ObjectNode> results =
        List.of(
            result("plain text"),
            result("\"quoted\" and \\back\\slashed\\"),
            result("controls \u0000\u0001\t\n\r\u001f and U+2028 \u2028"),
            result("astral \uD83D\uDE00\uD83D\uDC41 and accents éà"));

    results.forEach(r -> assertTrue(budget.admit(r, "key")));

    assertEquals(results, budget.results());
    assertEquals(
        ResponseBudget.proxyResponseBytes(ResponseBudget.page(results, CURSOR)),
        budget.responseBytes(CURSOR.length()),
        "with a cursor");
    assertEquals(
        ResponseBudget.proxyResponseBytes(ResponseBudget.page(results, null)),
        budget.responseBytes(-1),
        "the last page");
  }

  @Test
  void endsThePageBeforeTheResultThatWouldTakeItsResponsePastTheCap() {
    ObjectNode first = result("a".repeat(1000));
    ObjectNode second = result("\"".repeat(500));
    int twoResults =
        ResponseBudget.proxyResponseBytes(ResponseBudget.page(List.of(first, second), CURSOR));
    ResponseBudget budget = new ResponseBudget(twoResults, key -> CURSOR.length());

    assertTrue(budget.admit(first, "k1"));
    assertTrue(budget.admit(second, "k2"), "a response of exactly the cap fits");
    assertFalse(budget.admit(result("b"), "k3"));

    assertEquals(List.of(first, second), budget.results());
  }

  @Test
  void aFirstResultNoPageCanHoldIsABrokenInvariantNotAnEventSkipped() {
    ResponseBudget budget = new ResponseBudget(1024, key -> CURSOR.length());

    IllegalStateException error =
        assertThrows(
            IllegalStateException.class, () -> budget.admit(result("x".repeat(2000)), "k1"));

    assertTrue(error.getMessage().contains("k1"), error::getMessage);
  }

  private static ObjectNode result(String text) {
    ObjectNode result = ExactJson.MAPPER.createObjectNode().put("id", "e1");
    result.putObject("data").put("text", text).put("n", 1.5);
    return result;
  }
}

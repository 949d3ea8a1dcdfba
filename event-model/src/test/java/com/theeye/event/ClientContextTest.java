package com.theeye.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClientContextTest {

  @Test
  void neverHoldsAFullAddress() {
    ClientContext context = new ClientContext(Optional.empty(), Optional.of("198.51.100.23"));

    assertEquals(Optional.of("198.51.100.0"), context.address());
  }

  @Test
  void cutsLongUserAgentsAndDropsBlankOnes() {
    String longAgent = "a".repeat(ClientContext.MAX_USER_AGENT_LENGTH + 10);

    assertEquals(
        ClientContext.MAX_USER_AGENT_LENGTH,
        new ClientContext(Optional.of(longAgent), Optional.empty())
            .userAgent()
            .orElseThrow()
            .length());
    assertTrue(new ClientContext(Optional.of("  "), Optional.of("not an address")).isEmpty());
  }
}

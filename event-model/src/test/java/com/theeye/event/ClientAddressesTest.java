package com.theeye.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ClientAddressesTest {

  @ParameterizedTest
  @CsvSource({
    "203.0.113.77, 203.0.113.0",
    "203.0.113.0, 203.0.113.0",
    "10.1.2.255, 10.1.2.0",
    "2001:db8:1234:5678:9abc:def0:1234:5678, 2001:db8:1234::",
    "2001:DB8:1234::1, 2001:db8:1234::",
    "2001:db8:1234::, 2001:db8:1234::",
    "'[2001:db8:ab::7]', 2001:db8:ab::",
    "fe80::1%eth0, fe80:0:0::",
    "::1, 0:0:0::",
    "::ffff:198.51.100.9, 198.51.100.0"
  })
  void keepsOnlyTheNetwork(String address, String network) {
    assertEquals(Optional.of(network), ClientAddresses.truncate(address));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "localhost", "example.com", "999.1.1.1", "1.2.3.4.5", "::g"})
  void anythingButAnAddressLiteralGivesNothingAndIsNeverLookedUp(String text) {
    assertEquals(Optional.empty(), ClientAddresses.truncate(text));
  }
}

package com.theeye.store;

import static com.theeye.store.Attributes.s;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SessionItemsTest {

  private static final UUID SESSION = UUID.fromString("e2085be5-9137-4e4e-80b5-f1ffddc25423");
  private static final UUID OWNER = UUID.fromString("3f0c6a52-6f5d-4c1e-9d43-2b1c1a0e5b7a");
  private static final SessionClaim CLAIM =
      new SessionClaim(SESSION, OWNER, Instant.parse("2021-01-01T09:15:28.500Z"));

  @Test
  void readsBackWhatItWrites() {
    assertEquals(CLAIM, SessionItems.fromItem(SessionItems.toItem(CLAIM)));
  }

  // Renaming an attribute, or printing a value differently, would orphan the items already stored.
  @Test
  void writesTheAttributeNamesAndFormatsOfStoredItems() {
    assertEquals(
        Map.of(
            "session_id", s("e2085be5-9137-4e4e-80b5-f1ffddc25423"),
            "application", s("3f0c6a52-6f5d-4c1e-9d43-2b1c1a0e5b7a"),
            "claimed_at", s("2021-01-01T09:15:28.500000Z")),
        SessionItems.toItem(CLAIM));
  }

  @Test
  void keepsTheClaimTimeToTheMicrosecond() {
    SessionClaim claim =
        new SessionClaim(SESSION, OWNER, Instant.parse("2021-01-01T09:15:28.500000999Z"));

    assertEquals(CLAIM, claim);
  }

  @Test
  void readsTheOwnerOfAnItemProjectedToIt() {
    assertEquals(
        Optional.of(OWNER),
        SessionItems.owner(Map.of("application", s("3f0c6a52-6f5d-4c1e-9d43-2b1c1a0e5b7a"))));
    assertEquals(Optional.empty(), SessionItems.owner(Map.of()));
  }

  @Test
  void keysASessionByItsId() {
    assertEquals(
        Map.of("session_id", s("e2085be5-9137-4e4e-80b5-f1ffddc25423")), SessionItems.key(SESSION));
  }
}

package com.theeye.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.theeye.signing.CursorKeys;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What a page needs to know of its cursor before the cursor is made. */
class CursorSignerTest {

  private final CursorSigner signer = new CursorSigner(CursorKeys.fixed(QueryFixture.SIGNING_KEY));

  @Test
  void knowsTheLengthOfACursorBeforeSigningIt() {
    Query.TimeRange range =
        new Query.TimeRange(
            Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-03-02T00:00:00Z"));
    List<Query> queries =
        List.of(
            new Query.SessionEvents(UUID.randomUUID()),
            new Query.CategoryEvents("\uD83D\uDE00".repeat(200), Optional.of("\"\u0001"), range),
            new Query.TimeRangeEvents(range),
            new Query.InvalidEvents(UUID.randomUUID(), range));
    for (Query query : queries) {
      for (String key :
          List.of("", "k", "kk", "kkk", "2026-03-01T12:00:00.000000Z#" + UUID.randomUUID())) {
        assertEquals(signer.sign(query, key).length(), signer.length(query, key), query + key);
      }
    }
  }
}

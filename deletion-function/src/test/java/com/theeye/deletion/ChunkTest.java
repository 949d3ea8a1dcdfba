package com.theeye.deletion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.theeye.store.DeletionCounts;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ChunkTest {

  private static final UUID SHOP = UUID.fromString("0e302fce-66ad-4721-911e-0ab9d33697bf");

  @Test
  void aPendingChunkReadsBackAsTheKeysAndCountsWritten() {
    UUID session = UUID.randomUUID();
    Chunk chunk =
        new Chunk(
            List.of(
                ItemKeys.invalidEvent("e-1"),
                ItemKeys.identity("user#u42", SHOP, session),
                ItemKeys.sessionOwnership(session)));

    Chunk read = Chunk.fromPending(chunk.toPending());

    assertEquals(chunk, read);
    assertEquals(new DeletionCounts(0, 1, 1, 0, 1), read.counts());
  }

  @Test
  void holdsNoMoreKeysThanOneBatchWriteItemDeletes() {
    List<ItemKey> keys = new ArrayList<>();
    for (int i = 0; i <= Chunk.MAX_KEYS; i++) {
      keys.add(ItemKeys.invalidEvent("e-" + i));
    }

    assertThrows(IllegalArgumentException.class, () -> new Chunk(keys));
    assertThrows(IllegalArgumentException.class, () -> new Chunk(List.of()));
  }

  @Test
  void refusesAPendingEntryItCannotRead() {
    assertThrows(IllegalStateException.class, () -> Chunk.fromPending(AttributeValue.fromS("x")));
  }
}

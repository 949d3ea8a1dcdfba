package com.theeye.processor;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Spreads events over the index shards by a hash of their id: stable across JVMs and releases
 * (unlike {@code hashCode} contracts of arbitrary types), so a redelivered event lands on the same
 * shard and key.
 */
final class Shards {

  private final int count;

  Shards(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("shard count must be at least 1: " + count);
    }
    this.count = count;
  }

  int of(String eventId) {
    CRC32 crc = new CRC32();
    crc.update(eventId.getBytes(StandardCharsets.UTF_8));
    return (int) (crc.getValue() % count);
  }
}

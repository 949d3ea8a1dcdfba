package com.theeye.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class LruCacheTest {

  @Test
  void forgetsTheLeastRecentlyUsedEntryBeyondCapacity() {
    LruCache<String, Integer> cache = new LruCache<>(2);
    cache.put("a", 1);
    cache.put("b", 2);
    cache.get("a"); // a is now the most recently used
    cache.put("c", 3);

    assertEquals(2, cache.size());
    assertEquals(1, cache.get("a"));
    assertNull(cache.get("b"));
    assertEquals(3, cache.get("c"));
  }

  @Test
  void neverGrowsPastCapacity() {
    LruCache<Integer, Integer> cache = new LruCache<>(100);
    for (int i = 0; i < 10_000; i++) {
      cache.put(i, i);
    }
    assertEquals(100, cache.size());
  }
}

package com.theeye.cache;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A thread-safe map that forgets its least recently used entry beyond {@code capacity}. Caches that
 * live as long as a Lambda execution environment must be bounded: keys such as session or
 * application ids come from the internet, and an unbounded map would grow until the function runs
 * out of memory.
 */
public final class LruCache<K, V> {

  private final Map<K, V> entries;

  public LruCache(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
            return size() > capacity;
          }
        };
  }

  /** The value for {@code key}, or null; counts as a use. */
  public synchronized V get(K key) {
    return entries.get(key);
  }

  public synchronized void put(K key, V value) {
    entries.put(key, value);
  }

  public synchronized int size() {
    return entries.size();
  }
}

package com.theeye.client;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The events waiting to be sent, oldest first, at most {@code capacity} of them, and the flushes
 * waiting for them. Callers add without waiting; the sender takes batches out when one is due.
 */
final class EventBuffer {

  /** An event's JSON, numbered in the order it was tracked. */
  record Entry(long sequence, String json, long trackedAtNanos) {}

  private record Flush(long through, CompletableFuture<Void> done) {}

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<Entry> entries = new ArrayDeque<>();
  private final List<Flush> flushes = new ArrayList<>();
  private final int capacity;
  private final int batchSize;
  private final long lingerNanos;
  private long lastSequence;
  private long answeredThrough;
  private boolean closing;

  EventBuffer(int capacity, int batchSize, long lingerNanos) {
    this.capacity = capacity;
    this.batchSize = batchSize;
    this.lingerNanos = lingerNanos;
  }

  /** Adds the event unless the buffer is full or closing; never waits for the sender. */
  boolean offer(String json) {
    lock.lock();
    try {
      if (closing || entries.size() >= capacity) {
        return false;
      }
      // Numbered under the lock that orders the buffer, so sequence order is sending order.
      entries.add(new Entry(++lastSequence, json, System.nanoTime()));
      if (entries.size() >= batchSize) {
        changed.signalAll();
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Completes once every event offered so far was answered. */
  CompletableFuture<Void> flush() {
    lock.lock();
    try {
      if (answeredThrough >= lastSequence) {
        return CompletableFuture.completedFuture(null);
      }
      Flush flush = new Flush(lastSequence, new CompletableFuture<>());
      flushes.add(flush);
      changed.signalAll();
      return flush.done();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until a batch is due (full, lingered long enough, flushed or closing) and takes it out;
   * empty once closing with nothing left.
   */
  List<Entry> nextBatch() throws InterruptedException {
    lock.lockInterruptibly();
    try {
      while (true) {
        if (entries.isEmpty()) {
          if (closing) {
            return List.of();
          }
          changed.await();
          continue;
        }
        long waited = System.nanoTime() - entries.peekFirst().trackedAtNanos();
        if (entries.size() >= batchSize || !flushes.isEmpty() || closing || waited >= lingerNanos) {
          List<Entry> batch = new ArrayList<>(Math.min(batchSize, entries.size()));
          while (batch.size() < batchSize && !entries.isEmpty()) {
            batch.add(entries.pollFirst());
          }
          return batch;
        }
        changed.await(lingerNanos - waited, TimeUnit.NANOSECONDS);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Every event up to {@code sequence} was answered: the flushes waiting for them complete. */
  void answeredThrough(long sequence) {
    lock.lock();
    try {
      answeredThrough = Math.max(answeredThrough, sequence);
      for (var it = flushes.iterator(); it.hasNext(); ) {
        Flush flush = it.next();
        if (flush.through() <= answeredThrough) {
          flush.done().complete(null);
          it.remove();
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** No more events are taken; the sender sends what is left. */
  void close() {
    lock.lock();
    try {
      closing = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The sender stopped before the end: what is left is discarded and its flushes fail. */
  int abandon() {
    lock.lock();
    try {
      int left = entries.size();
      entries.clear();
      IllegalStateException stopped =
          new IllegalStateException("the client was closed before these events were sent");
      flushes.forEach(flush -> flush.done().completeExceptionally(stopped));
      flushes.clear();
      return left;
    } finally {
      lock.unlock();
    }
  }
}

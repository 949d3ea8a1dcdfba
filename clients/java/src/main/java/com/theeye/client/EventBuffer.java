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
 * waiting for them. Callers add without waiting; the sender takes batches out when one is due. With
 * a {@link DiskQueue}, every event is on disk before it is queued, and what a previous client left
 * unanswered is queued first.
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
  private final DiskQueue disk; // null: memory only
  private long lastSequence;
  private long answeredThrough;
  private boolean closing;

  EventBuffer(int capacity, int batchSize, long lingerNanos, DiskQueue disk) {
    this.capacity = capacity;
    this.batchSize = batchSize;
    this.lingerNanos = lingerNanos;
    this.disk = disk;
    if (disk != null) {
      // Beyond capacity if need be: they are bounded by the disk queue's size already.
      long now = System.nanoTime();
      disk.unanswered().forEach(line -> entries.add(new Entry(line.sequence(), line.json(), now)));
      lastSequence = disk.lastSequence();
      answeredThrough = entries.isEmpty() ? lastSequence : entries.peekFirst().sequence() - 1;
    }
  }

  /**
   * Adds the event unless the buffer (or the disk queue) is full or closing; never waits for the
   * sender.
   */
  boolean offer(String json) {
    lock.lock();
    try {
      if (closing || entries.size() >= capacity) {
        return false;
      }
      // Numbered under the lock that orders the buffer, so sequence order is sending order.
      long sequence = lastSequence + 1;
      if (disk != null && !disk.append(sequence, json)) {
        return false;
      }
      lastSequence = sequence;
      entries.add(new Entry(sequence, json, System.nanoTime()));
      // The first event starts the sender's flushInterval; a full batch ends it.
      if (entries.size() == 1 || entries.size() >= batchSize) {
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
      if (disk != null) {
        disk.answeredThrough(answeredThrough);
      }
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

  /** The sender sent everything: a disk queue is released. */
  void finished() {
    lock.lock();
    try {
      if (disk != null) {
        disk.close();
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

  /**
   * The sender stopped before the end: what is left is discarded from memory (a disk queue keeps it
   * for the next start) and its flushes fail.
   */
  List<String> abandon() {
    lock.lock();
    try {
      List<String> left = entries.stream().map(Entry::json).toList();
      entries.clear();
      if (disk != null) {
        disk.close();
      }
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

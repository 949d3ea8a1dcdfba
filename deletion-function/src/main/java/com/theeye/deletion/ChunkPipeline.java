package com.theeye.deletion;

import com.theeye.store.DeletionCounts;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Where a sweep's deletes go: groups of keys (an event and its messageId claim, say) are packed
 * into {@link Chunk}s, and each chunk is recorded as pending in a slot of the deletion's item,
 * counted, then deleted. Up to {@code slots} chunks are in flight at once, each in its own slot, so
 * a run that dies leaves at most that many chunks for the next run to delete again; a sweep that
 * must see some deletes done before others (a session's events before the person's mapping to it)
 * waits for them with {@link #drain}.
 *
 * <p>The sweeps add each item once: every key a query returns is another item's, and each stored
 * event's messageId claim names that event alone.
 */
final class ChunkPipeline implements AutoCloseable {

  private final DeletionJournal journal;
  private final BatchDeletes deletes;
  private final Lease lease;
  private final Deadline deadline;
  private final BlockingQueue<Integer> freeSlots;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final List<Future<?>> inFlight = new ArrayList<>();
  private final List<ItemKey> buffer = new ArrayList<>();

  /** Slots written this run, or found written, whose chunk may not be deleted yet. */
  private final Set<Integer> unsettled = ConcurrentHashMap.newKeySet();

  /** Slots the deletion's item holds a chunk in. */
  private final Set<Integer> used = ConcurrentHashMap.newKeySet();

  private DeletionCounts counts = DeletionCounts.NONE;
  private final AtomicBoolean cutShort = new AtomicBoolean();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  ChunkPipeline(
      DeletionJournal journal, BatchDeletes deletes, Lease lease, int slots, Deadline deadline) {
    if (slots < 1) {
      throw new IllegalArgumentException("at least one slot: " + slots);
    }
    this.journal = journal;
    this.deletes = deletes;
    this.lease = lease;
    this.deadline = deadline;
    this.freeSlots = new ArrayBlockingQueue<>(slots);
    for (int slot = 0; slot < slots; slot++) {
      freeSlots.add(slot);
    }
  }

  /**
   * Deletes the chunks an earlier run recorded as pending (and counted): before anything else, so
   * this run's sweep does not find and count their keys again.
   *
   * @return false when the deadline came first
   */
  boolean finishPending(Map<Integer, Chunk> pending) {
    for (Map.Entry<Integer, Chunk> slot : pending.entrySet()) {
      used.add(slot.getKey());
      unsettled.add(slot.getKey());
      if (deadline.near() || !deletes.delete(slot.getValue(), deadline)) {
        cutShort.set(true);
        return false;
      }
      unsettled.remove(slot.getKey());
    }
    return true;
  }

  /**
   * Adds keys to delete in one chunk (so in one write-ahead record): a group of at most {@link
   * Chunk#MAX_KEYS}. The deadline is looked at when a chunk is full, before it is sent.
   *
   * @return false when the run is cut short (the deadline, or a chunk that could not be deleted in
   *     time): the sweep stops, and the next run finds what is left
   */
  boolean add(List<ItemKey> group) {
    if (group.size() > Chunk.MAX_KEYS) {
      throw new IllegalArgumentException("a group of " + group.size() + " keys");
    }
    throwIfFailed();
    if (cutShort.get()) {
      return false;
    }
    if (buffer.size() + group.size() > Chunk.MAX_KEYS) {
      if (deadline.near()) {
        cutShort.set(true);
        return false;
      }
      send();
    }
    for (ItemKey key : group) {
      // BatchWriteItem refuses a request that names one key twice.
      if (!buffer.contains(key)) {
        buffer.add(key);
      }
    }
    return true;
  }

  /**
   * Whether the sweep may read on: false once the run is cut short, or its deadline is near. Asked
   * before each page a sweep reads, so one that reads much and deletes little (another person's
   * busy session, an application's many invalid events) still stops in time.
   */
  boolean inTime() {
    throwIfFailed();
    if (!cutShort.get() && deadline.near()) {
      cutShort.set(true);
    }
    return !cutShort.get();
  }

  /**
   * Sends what is buffered and waits until every chunk sent is deleted.
   *
   * @return false when the run was cut short
   */
  boolean drain() {
    if (!buffer.isEmpty()) {
      if (cutShort.get() || deadline.near()) {
        cutShort.set(true);
        buffer.clear();
      } else {
        send();
      }
    }
    for (Future<?> future : inFlight) {
      try {
        future.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while deleting", e);
      } catch (ExecutionException e) {
        failure.compareAndSet(null, e.getCause());
      }
    }
    inFlight.clear();
    throwIfFailed();
    return !cutShort.get();
  }

  /** What the chunks this run recorded as pending count: what it deleted, or will have. */
  synchronized DeletionCounts counts() {
    return counts;
  }

  private synchronized void counted(DeletionCounts chunk) {
    counts = counts.plus(chunk);
  }

  /** The slots whose chunk is deleted: the run clears them when it ends. */
  Set<Integer> settledSlots() {
    Set<Integer> settled = new HashSet<>(used);
    settled.removeAll(unsettled);
    return settled;
  }

  private void send() {
    Chunk chunk = new Chunk(buffer);
    buffer.clear();
    int slot;
    try {
      slot = freeSlots.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a free slot", e);
    }
    used.add(slot);
    unsettled.add(slot);
    inFlight.removeIf(Future::isDone);
    inFlight.add(
        executor.submit(
            () -> {
              try {
                journal.pend(lease, slot, chunk);
                counted(chunk.counts());
                if (deletes.delete(chunk, deadline)) {
                  unsettled.remove(slot);
                } else {
                  cutShort.set(true);
                }
              } catch (RuntimeException | Error e) {
                failure.compareAndSet(null, e);
              } finally {
                freeSlots.add(slot);
              }
            }));
  }

  private void throwIfFailed() {
    Throwable thrown = failure.get();
    if (thrown instanceof RuntimeException e) {
      throw e;
    }
    if (thrown instanceof Error e) {
      throw e;
    }
    if (thrown != null) {
      throw new IllegalStateException(thrown);
    }
  }

  /** Waits for the chunks in flight. */
  @Override
  public void close() {
    executor.close();
  }
}

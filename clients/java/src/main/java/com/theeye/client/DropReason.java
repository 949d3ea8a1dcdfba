package com.theeye.client;

/** Why events were dropped unsent, as told to {@link TheEyeClient.Builder#onDrop}. */
public enum DropReason {
  /** The buffer (maxQueuedEvents) or the disk queue (its maxBytes) was full: the new event. */
  OVERFLOW,
  /** The Eye refused them (400, 401, 403, ...): never retried. */
  REFUSED,
  /** Tracked after close(), or still unsent when close() gave up (without a disk queue). */
  CLOSED
}

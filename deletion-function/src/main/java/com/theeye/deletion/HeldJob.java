package com.theeye.deletion;

import com.theeye.store.DeletionRecord;
import java.util.Map;
import java.util.Objects;

/**
 * A deletion's job as a run found it on taking the lease: its record and the chunks an earlier run
 * recorded as pending (and counted) but may not have deleted, by slot.
 */
record HeldJob(Lease lease, DeletionRecord record, Map<Integer, Chunk> pending) {

  HeldJob {
    Objects.requireNonNull(lease, "lease");
    Objects.requireNonNull(record, "record");
    pending = Map.copyOf(pending);
  }
}

package com.theeye.client;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;

/**
 * Where dropped events are told: counted, and handed to the application's listener. A listener that
 * throws is logged, never let into the client's threads.
 */
final class Drops {

  private static final System.Logger LOG = System.getLogger(TheEyeClient.class.getName());

  private final BiConsumer<DropReason, List<String>> listener;
  final LongAdder dropped = new LongAdder();

  Drops(BiConsumer<DropReason, List<String>> listener) {
    this.listener = listener;
  }

  /** Events dropped unsent, as their JSON; REFUSED ones are counted by the sender. */
  void report(DropReason reason, List<String> events) {
    if (events.isEmpty()) {
      return;
    }
    if (reason != DropReason.REFUSED) {
      dropped.add(events.size());
    }
    try {
      listener.accept(reason, events);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "The Eye client's onDrop listener threw", e);
    }
  }
}

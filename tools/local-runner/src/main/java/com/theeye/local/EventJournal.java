package com.theeye.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the local queues hold, kept on disk since ElasticMQ keeps messages in memory only, and when
 * each line may go: the queue's policy over {@link JournalFile}s. The ingest's queue client ({@link
 * JournalingInterceptor}) journals each message body, on disk, before it sends it, so a 202 is only
 * given for a message whose line is on disk; the event source records a dead letter (body and
 * receive count) before the queue moves it to the dead-letter queue. After any stop, clean or
 * {@code kill -9}, the next start puts the journaled bodies back on the events queue and the dead
 * letters back on the dead-letter queue with their receive counts. Replaying an event already
 * stored is harmless: the processor stores each id once.
 *
 * <p>Bodies go to segment files ({@value #SEGMENT_PREFIX}N.jsonl) of about {@link #SEGMENT_BYTES}
 * each. Each body journaled stays registered ({@link PendingBodies}) until its message is known to
 * be off the events queue: deleted after the processor took it, or dead-lettered with its own line.
 * A segment no registered body needs is deleted, so under steady traffic the journal holds about
 * what the queue holds, not everything it ever held. What leaves the queue unseen (a purge by an
 * operator) stays registered until the queue is next empty, or the next start. Dead letters go to
 * {@value #DEAD_LETTERS}, each naming the segment its body line is in, so the next start does not
 * put that body back as a new message too. That file is emptied once both queues are empty, and
 * rewritten at a clean stop to what the dead-letter queue holds.
 *
 * <p>A journal that cannot be written (a full disk) makes the send fail, so the ingest answers 503
 * instead of a 202 it could not keep.
 */
final class EventJournal implements AutoCloseable, SqsEventSource.QueueExits {

  /** How large a segment grows before the next is started. */
  static final long SEGMENT_BYTES = 8L * 1024 * 1024;

  static final String SEGMENT_PREFIX = "events-";
  static final String DEAD_LETTERS = "dead-letters.jsonl";
  private static final Pattern SEGMENT = Pattern.compile("events-(\\d+)\\.jsonl");

  /** What the queues still hold, as a clean stop takes them out. */
  record Contents(List<String> bodies, List<DeadLetter> deadLetters) {
    Contents {
      bodies = List.copyOf(bodies);
      deadLetters = List.copyOf(deadLetters);
    }

    boolean isEmpty() {
      return bodies.isEmpty() && deadLetters.isEmpty();
    }
  }

  /** How much the start put back: messages on the events queue, dead letters on theirs. */
  record PutBack(long bodies, int deadLetters) {}

  /** The bodies one send journaled, in the order of its entries; handed back once it is done. */
  record Ticket(List<PendingBodies.Registration> registrations) {}

  private final Path folder;
  private final long segmentBytes;
  private final DeadLetterFile deadLetters;
  private final AtomicBoolean unwritable = new AtomicBoolean();

  // Guarded by this: the segments by number, the one appended to, and what they must keep.
  private final TreeMap<Long, JournalSegment> segments = new TreeMap<>();
  private final PendingBodies pending = new PendingBodies();
  private JournalSegment active;

  private EventJournal(Path folder, long segmentBytes, DeadLetterFile deadLetters) {
    this.folder = folder;
    this.segmentBytes = segmentBytes;
    this.deadLetters = deadLetters;
  }

  /**
   * Opens the journal in {@code folder}, appending to its newest segment. Files a rewrite left
   * unfinished are removed: the files they were to replace are whole.
   */
  static EventJournal open(Path folder, long segmentBytes) throws IOException {
    Files.createDirectories(folder);
    List<Path> files;
    try (Stream<Path> listed = Files.list(folder)) {
      files = listed.toList();
    }
    for (Path file : files) {
      if (file.getFileName().toString().endsWith(".partial")) {
        Files.delete(file);
      }
    }
    EventJournal journal =
        new EventJournal(folder, segmentBytes, new DeadLetterFile(folder.resolve(DEAD_LETTERS)));
    synchronized (journal) {
      for (Path file : files) {
        Matcher name = SEGMENT.matcher(file.getFileName().toString());
        if (name.matches()) {
          long number = Long.parseLong(name.group(1));
          journal.segments.put(number, new JournalSegment(number, file));
        }
      }
      journal.active =
          journal.segments.isEmpty()
              ? journal.newSegment(1)
              : journal.segments.lastEntry().getValue().opened();
    }
    return journal;
  }

  Path folder() {
    return folder;
  }

  /**
   * Puts what the journal holds back on the queues, as a start does before anything else runs: the
   * bodies, segment by segment, through {@code send} (which throws when the queue refuses), each
   * registered with its segment as the ingest's sends are; then the dead letters through {@code
   * restore}. A body a dead letter names in its segment is not sent: it is that dead letter now.
   */
  PutBack putBack(Consumer<List<String>> send, Consumer<List<DeadLetter>> restore)
      throws IOException {
    List<DeadLetter> dead = new ArrayList<>();
    Map<SegmentBody, Integer> deadBodies = new HashMap<>();
    for (JournalLines.DeadLettered line : deadLetters.read()) {
      dead.add(line.deadLetter());
      line.segment()
          .ifPresent(
              segment ->
                  deadBodies.merge(
                      new SegmentBody(segment, line.deadLetter().body()), 1, Integer::sum));
    }
    List<JournalSegment> stored;
    synchronized (this) {
      stored = List.copyOf(segments.values());
    }
    long[] sent = {0};
    for (JournalSegment segment : stored) {
      List<String> batch = new ArrayList<>();
      JournalFile.readLines(
          segment.path(),
          text -> {
            if (JournalLines.read(text).orElse(null) instanceof JournalLines.Body(String body)
                && !takeOne(deadBodies, new SegmentBody(segment.number(), body))) {
              batch.add(body);
              if (batch.size() == 10) {
                sent[0] += putBack(segment, batch, send);
              }
            }
          });
      sent[0] += putBack(segment, batch, send);
    }
    restore.accept(dead);
    return new PutBack(sent[0], dead.size());
  }

  /** Sends {@code bodies} (then empties it), registered with the segment their lines are in. */
  private int putBack(JournalSegment segment, List<String> bodies, Consumer<List<String>> send) {
    int count = bodies.size();
    if (count > 0) {
      Ticket ticket;
      synchronized (this) {
        ticket = new Ticket(pending.register(segment.number(), bodies));
      }
      send.accept(List.copyOf(bodies));
      sent(ticket, Set.of());
      bodies.clear();
    }
    return count;
  }

  /**
   * Writes {@code bodies} to the journal, on disk, before they are sent to the events queue.
   *
   * @throws IOException when the disk refuses them; none is then journaled
   */
  Ticket journal(List<String> bodies) throws IOException {
    JournalSegment segment;
    Ticket ticket;
    synchronized (this) {
      segment = active;
      ticket = new Ticket(pending.register(segment.number(), bodies));
    }
    try {
      segment.file().append(bodies.stream().map(JournalLines::body).toList());
    } catch (IOException e) {
      notSent(ticket);
      reportUnwritable(e);
      throw e;
    }
    reportWritable();
    synchronized (this) {
      try {
        if (segment == active && segment.size() >= segmentBytes) {
          roll();
        }
      } catch (IOException e) {
        // the size is unknown for now: the segment grows on until the next append asks
      }
    }
    return ticket;
  }

  /** The send of {@code ticket}'s bodies ended: every entry but those at {@code failed} is sent. */
  synchronized void sent(Ticket ticket, Set<Integer> failed) {
    pending.sent(ticket.registrations(), failed);
  }

  /** The send of {@code ticket}'s bodies failed: none of them is on the queue. */
  synchronized void notSent(Ticket ticket) {
    ticket.registrations().forEach(pending::forget);
  }

  @Override
  public synchronized void deleted(String body) {
    pending.leaving(body).ifPresent(pending::forget);
  }

  /**
   * Records that a message failed its last receive: the queue moves it to the dead-letter queue,
   * and the next start puts it back there with {@code receiveCount}. When the disk refuses, its
   * body line stays its record (it is then replayed to the events queue, never lost).
   */
  @Override
  public void deadLettered(String body, int receiveCount) {
    PendingBodies.Registration registration;
    synchronized (this) {
      registration = pending.leaving(body).orElse(null);
    }
    OptionalLong segment =
        registration == null ? OptionalLong.empty() : OptionalLong.of(registration.segment());
    try {
      deadLetters.append(new DeadLetter(body, receiveCount), segment);
    } catch (IOException e) {
      reportUnwritable(e);
      return;
    }
    reportWritable();
    if (registration != null) {
      synchronized (this) {
        pending.forget(registration);
      }
    }
  }

  /**
   * One step of keeping the journal short, as the runner takes it every second: deletes the
   * segments no registered body needs; when the events queue is empty, forgets every body sent
   * before it was found so (whatever took it off); when both queues are, empties the dead letters.
   * Depths count messages in flight.
   */
  void compact(IntSupplier eventsQueueDepth, IntSupplier deadLetterQueueDepth) throws IOException {
    deleteUnneededSegments();
    long sendsBefore;
    synchronized (this) {
      sendsBefore = pending.completedSends();
    }
    if (eventsQueueDepth.getAsInt() > 0) {
      return;
    }
    boolean noDeadLetters = deadLetterQueueDepth.getAsInt() == 0;
    if (deadLetters.missing() && !noDeadLetters) {
      return;
    }
    synchronized (this) {
      pending.forgetSentBefore(sendsBefore);
    }
    if (noDeadLetters) {
      deadLetters.emptyIf(
          () -> eventsQueueDepth.getAsInt() == 0 && deadLetterQueueDepth.getAsInt() == 0);
    }
    deleteUnneededSegments();
  }

  /**
   * Replaces the journal with {@code contents}, what the queues hold at a clean stop. Both new
   * files are on disk before anything old goes, so a full disk leaves the journal as it was. Then,
   * as a crash at any step must leave every message but never replay a dead letter as a new
   * message: the old segments go before the old dead letters are replaced, since every dead letter
   * is in both; unless the disk refused a dead letter earlier, whose body line is then its only
   * record.
   */
  synchronized void rewrite(Contents contents) throws IOException {
    long number = segments.lastKey() + 1;
    Path segment = folder.resolve(segmentFileName(number));
    JournalFile.replace(segment, contents.bodies().stream().map(JournalLines::body).iterator());
    Path newDeadLetters;
    try {
      newDeadLetters = deadLetters.prepare(contents.deadLetters());
    } catch (IOException e) {
      Files.deleteIfExists(segment);
      throw e;
    }
    if (deadLetters.missing()) {
      deadLetters.install(newDeadLetters);
      deleteAllSegmentsBut(number);
    } else {
      deleteAllSegmentsBut(number);
      deadLetters.install(newDeadLetters);
    }
    pending.clear();
    active = new JournalSegment(number, segment).opened();
    segments.put(number, active);
  }

  // Guarded by this.
  private void deleteAllSegmentsBut(long kept) throws IOException {
    for (JournalSegment old : segments.values()) {
      old.close();
      if (old.number() != kept) {
        Files.deleteIfExists(old.path());
      }
    }
    segments.clear();
    JournalFile.forceFolder(folder);
  }

  /** The bytes the journal's files take. */
  long size() throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      long total = 0;
      for (Path file : files.toList()) {
        total += Files.size(file);
      }
      return total;
    }
  }

  @Override
  public synchronized void close() throws IOException {
    for (JournalSegment segment : segments.values()) {
      segment.close();
    }
    deadLetters.close();
  }

  static String segmentFileName(long number) {
    return String.format("%s%09d.jsonl", SEGMENT_PREFIX, number);
  }

  private void deleteUnneededSegments() throws IOException {
    List<JournalSegment> unneeded = new ArrayList<>();
    synchronized (this) {
      if (pending.count(active.number()) == 0 && active.size() > 0) {
        roll();
      }
      for (JournalSegment segment : segments.values()) {
        if (segment != active && pending.count(segment.number()) == 0) {
          unneeded.add(segment);
        }
      }
      unneeded.forEach(segment -> segments.remove(segment.number()));
    }
    for (JournalSegment segment : unneeded) {
      segment.close();
      Files.deleteIfExists(segment.path());
    }
  }

  /** Starts the next segment; on a disk that refuses a new file, the current one grows on. */
  // Guarded by this.
  private void roll() {
    try {
      active = newSegment(segments.lastKey() + 1);
    } catch (IOException e) {
      reportUnwritable(e);
    }
  }

  // Guarded by this.
  private JournalSegment newSegment(long number) throws IOException {
    JournalSegment segment =
        new JournalSegment(number, folder.resolve(segmentFileName(number))).opened();
    segments.put(number, segment);
    return segment;
  }

  /** Takes one of {@code key}'s count in {@code counts}; false when it has none left. */
  private static <K> boolean takeOne(Map<K, Integer> counts, K key) {
    Integer count = counts.remove(key);
    if (count == null) {
      return false;
    }
    if (count > 1) {
      counts.put(key, count - 1);
    }
    return true;
  }

  private void reportUnwritable(IOException e) {
    if (!unwritable.getAndSet(true)) {
      System.err.println(
          "The Eye cannot write its journal in "
              + folder
              + " ("
              + e.getMessage()
              + "): events are refused with 503 until it can. Is the disk full?");
    }
  }

  private void reportWritable() {
    if (unwritable.get() && unwritable.compareAndSet(true, false)) {
      System.err.println("The Eye can write its journal again.");
    }
  }

  private record SegmentBody(long segment, String body) {}
}

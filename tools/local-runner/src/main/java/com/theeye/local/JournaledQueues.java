package com.theeye.local;

import com.theeye.emulators.QueueDepth;
import java.io.IOException;
import java.nio.file.Path;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The events queue and its dead-letter queue, kept across runs by the {@link EventJournal} in the
 * data folder's {@code queue/journal/}: opened with what an earlier version left taken in, put back
 * on the queues at start, kept short while running, and rewritten at a clean stop to what the
 * queues still hold.
 */
final class JournaledQueues implements AutoCloseable {

  private final SqsClient sqs;
  private final LocalResources.Queue queue;
  private final EventJournal journal;

  private JournaledQueues(SqsClient sqs, LocalResources.Queue queue, EventJournal journal) {
    this.sqs = sqs;
    this.queue = queue;
    this.journal = journal;
  }

  /**
   * Opens the journal in {@code dataDirectory}.
   *
   * @throws LocalEye.StartupException when it cannot be read or written
   */
  static JournaledQueues open(Path dataDirectory, SqsClient sqs, LocalResources.Queue queue) {
    Path queueFolder = dataDirectory.resolve("queue");
    Path folder = queueFolder.resolve("journal");
    try {
      if (EarlierVersionFiles.takeInto(queueFolder, folder)) {
        System.out.println("Took the queue files of an earlier version into " + folder + ".");
      }
      return new JournaledQueues(sqs, queue, EventJournal.open(folder, EventJournal.SEGMENT_BYTES));
    } catch (IOException e) {
      throw new LocalEye.StartupException(
          "cannot open the event journal in " + folder + ": " + e.getMessage());
    }
  }

  /** The journal, which the event source tells what leaves the events queue. */
  EventJournal journal() {
    return journal;
  }

  /**
   * For the functions' SQS client: journals what it sends to the events queue, the ingest's
   * accepted events and the processor's throttled hand-backs alike.
   */
  ExecutionInterceptor interceptor() {
    return new JournalingInterceptor(journal, queue.url());
  }

  /**
   * Puts what the journal holds back on the queues: bodies on the events queue, dead letters on the
   * dead-letter queue with their receive counts.
   */
  void putBack() {
    EventJournal.PutBack putBack;
    try {
      putBack =
          journal.putBack(
              bodies -> QueueSnapshot.sendAll(sqs, queue.url(), bodies),
              deadLetters ->
                  QueueSnapshot.restoreDeadLetters(sqs, queue.deadLetterUrl(), deadLetters));
    } catch (IOException e) {
      throw new LocalEye.StartupException(
          "cannot read the event journal in " + journal.folder() + ": " + e.getMessage());
    }
    if (putBack.bodies() + putBack.deadLetters() > 0) {
      System.out.println(
          "Put back from the journal: "
              + putBack.bodies()
              + " queued message(s) (any already stored count as duplicates) and "
              + putBack.deadLetters()
              + " dead letter(s), with their receive counts.");
    }
  }

  /** One step of keeping the journal short ({@link EventJournal#compact}). */
  void compact() throws IOException {
    journal.compact(
        () -> QueueDepth.of(sqs, queue.url()), () -> QueueDepth.of(sqs, queue.deadLetterUrl()));
  }

  /**
   * Replaces the journal with what the queues still hold, once nothing else reads them. Should a
   * message be in flight with another consumer, or the disk refuse, the journal stays as it is: it
   * holds every message answered 202 that may not be stored, and more.
   */
  void save() throws IOException {
    QueueSnapshot.Taken queued = QueueSnapshot.takeAll(sqs, queue.url());
    QueueSnapshot.Taken dead = QueueSnapshot.takeAll(sqs, queue.deadLetterUrl());
    if (queued.elsewhere() + dead.elsewhere() > 0) {
      System.out.println(
          (queued.elsewhere() + dead.elsewhere())
              + " message(s) are being read by another consumer: the journal is kept whole for the"
              + " next start.");
      return;
    }
    EventJournal.Contents left = new EventJournal.Contents(queued.bodies(), dead.deadLetters());
    try {
      journal.rewrite(left);
    } catch (IOException e) {
      throw new IOException(
          "cannot write the journal in "
              + journal.folder()
              + " ("
              + e.getMessage()
              + "); it keeps every accepted event for the next start as it is",
          e);
    }
    if (!left.isEmpty()) {
      System.out.println(
          "Saved "
              + left.bodies().size()
              + " queued and "
              + left.deadLetters().size()
              + " dead-letter message(s) to "
              + journal.folder()
              + ": they go back on the queues at the next start.");
    }
  }

  @Override
  public void close() throws IOException {
    journal.close();
  }
}

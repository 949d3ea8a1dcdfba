package com.theeye.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.theeye.emulators.QueueDepth;
import com.theeye.event.EventCodec;
import com.theeye.event.ExactJson;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * What the local queues hold, kept on disk, since ElasticMQ keeps messages in memory only. The
 * ingest's queue client appends each message body to this file and forces it to disk before it
 * sends it, and the ingest answers 202 only after that. The event source appends a dead-letter line
 * (the body and its receive count) when a message fails its last receive, before the queue moves it
 * to the dead-letter queue. After any stop, clean or {@code kill -9}, the next start puts the
 * journaled bodies back on the queue and the dead letters back on the dead-letter queue with their
 * receive counts. Replaying an event already stored is harmless: the processor stores each id once.
 *
 * <p>Lines are dropped only when what they stand for cannot be lost: all of them when both queues
 * are empty, the bodies (not the dead letters) when the events queue is empty, and at a clean stop
 * the file is rewritten to exactly what the queues still hold. A journal that cannot be written (a
 * full disk) makes the send fail, so the ingest answers 503 instead of a 202 it could not keep.
 */
final class EventJournal implements AutoCloseable {

  /** A message of the dead-letter queue and how often it had been received before it got there. */
  record DeadLetter(String body, int receiveCount) {}

  /**
   * What the journal holds: bodies for the events queue, and dead letters for its dead-letter
   * queue.
   */
  record Contents(List<String> bodies, List<DeadLetter> deadLetters) {
    Contents {
      bodies = List.copyOf(bodies);
      deadLetters = List.copyOf(deadLetters);
    }

    boolean isEmpty() {
      return bodies.isEmpty() && deadLetters.isEmpty();
    }
  }

  private static final String BODY = "body";
  private static final String DEAD_LETTER = "dead_letter";
  private static final String RECEIVE_COUNT = "receive_count";

  private final Path file;
  private FileChannel channel;
  // Appends hold the read lock (many at once, each a whole line under appendLock); dropping lines
  // holds the write lock, so it never runs between a body's append and its send.
  private final ReadWriteLock sending = new ReentrantReadWriteLock();
  private final Object appendLock = new Object();
  private final AtomicBoolean unwritable = new AtomicBoolean();
  // Guarded by appendLock.
  private boolean tornTail;
  // Group commit: a force takes 10-20 ms on a virtual disk, and one force per send under the append
  // lock capped the local API near 100 requests/s. An append only writes its line; one force then
  // makes every line written before it durable, and the appends that waited behind it find their
  // lines already are. Counted in bytes ever appended, so a rewrite of the file does not reset
  // them.
  private long appended; // guarded by appendLock
  private final ReentrantLock forcing = new ReentrantLock();
  private long forced; // guarded by forcing
  // Whether lines for the events queue may be in the file: only then is a compaction worth it.
  private volatile boolean mayHoldBodies;
  // A dead letter the disk refused: until the queues are empty, bodies are kept as its only record.
  private volatile boolean deadLetterMissing;

  private EventJournal(Path file, FileChannel channel) throws IOException {
    this.file = file;
    this.channel = channel;
    this.mayHoldBodies = channel.size() > 0;
  }

  static EventJournal open(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    // A rewrite cut short by a crash: the journal itself is whole, the rename never happened.
    Files.deleteIfExists(partial(file));
    return new EventJournal(file, append(file));
  }

  Path file() {
    return file;
  }

  /**
   * What the journal holds, oldest first. A body that was dead-lettered is listed once, as a dead
   * letter; a line torn by a crash mid-append is skipped, since its send never happened.
   */
  Contents contents() throws IOException {
    List<String> bodies = new ArrayList<>();
    List<DeadLetter> deadLetters = new ArrayList<>();
    for (String line : read(file).split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode entry;
      try {
        entry = ExactJson.MAPPER.readTree(line);
      } catch (IOException e) {
        continue; // torn by a crash mid-append: no 202 was given for it
      }
      if (entry.hasNonNull(DEAD_LETTER)) {
        deadLetters.add(
            new DeadLetter(entry.get(DEAD_LETTER).textValue(), entry.path(RECEIVE_COUNT).asInt()));
      } else if (entry.hasNonNull(BODY)) {
        bodies.add(entry.get(BODY).textValue());
      }
    }
    for (DeadLetter deadLetter : deadLetters) {
      bodies.remove(deadLetter.body());
    }
    return new Contents(bodies, deadLetters);
  }

  /** A client that journals every message it sends to {@code queueUrl} before sending it. */
  SqsClient journaling(SqsClient sqs, String queueUrl) {
    InvocationHandler handler =
        (proxy, method, args) -> {
          Object request = args == null || args.length == 0 ? null : args[0];
          if (method.isDefault() && request instanceof java.util.function.Consumer) {
            // The builder variants build the request and call the variant taking it: back here.
            return InvocationHandler.invokeDefault(proxy, method, args);
          }
          List<String> bodies = bodiesFor(request, queueUrl);
          if (bodies.isEmpty()) {
            return invoke(sqs, method, args);
          }
          sending.readLock().lock();
          try {
            try {
              append(bodies.stream().map(EventJournal::bodyLine).toList());
            } catch (IOException e) {
              // An SDK exception, so the ingest answers 503 as for any queue outage.
              throw SdkClientException.create("the local event journal cannot be written", e);
            }
            mayHoldBodies = true;
            return invoke(sqs, method, args);
          } finally {
            sending.readLock().unlock();
          }
        };
    return (SqsClient)
        Proxy.newProxyInstance(
            SqsClient.class.getClassLoader(), new Class<?>[] {SqsClient.class}, handler);
  }

  /**
   * Records that a message failed its last receive: the queue moves it to the dead-letter queue,
   * and the next start puts it back there with {@code receiveCount}. When the disk refuses, the
   * message's body line stays its record (it is then replayed to the events queue, never lost).
   */
  void recordDeadLetter(String body, int receiveCount) {
    sending.readLock().lock();
    try {
      append(List.of(deadLetterLine(new DeadLetter(body, receiveCount))));
    } catch (IOException e) {
      deadLetterMissing = true;
    } finally {
      sending.readLock().unlock();
    }
  }

  /** Appends everything {@code contents} holds, forced to disk. */
  void add(Contents contents) throws IOException {
    if (contents.isEmpty()) {
      return;
    }
    sending.readLock().lock();
    try {
      append(lines(contents));
      mayHoldBodies |= !contents.bodies().isEmpty();
    } finally {
      sending.readLock().unlock();
    }
  }

  /**
   * Drops what is known to be stored: every line when both queues are empty, the bodies when the
   * events queue is empty (the dead letters stay: the dead-letter queue cannot be read without
   * changing it). Queues' depths count messages in flight, and no send runs meanwhile.
   */
  void compact(SqsClient sqs, String queueUrl, String deadLetterUrl) throws IOException {
    // Checked first without the lock, which stops every send while held: under load the queue is
    // rarely empty, and asking ElasticMQ under the lock every second stalled the API each time.
    if (QueueDepth.of(sqs, queueUrl) > 0) {
      return;
    }
    sending.writeLock().lock();
    try {
      if (channel.size() == 0 || QueueDepth.of(sqs, queueUrl) > 0) {
        return;
      }
      if (QueueDepth.of(sqs, deadLetterUrl) == 0) {
        channel.truncate(0);
        channel.force(true);
        mayHoldBodies = false;
        deadLetterMissing = false;
      } else if (mayHoldBodies && !deadLetterMissing) {
        replaceWith(new Contents(List.of(), contents().deadLetters()));
      }
    } finally {
      sending.writeLock().unlock();
    }
  }

  /**
   * Replaces the journal with {@code contents}, atomically: a crash or a full disk leaves the old
   * journal whole, and no partial file behind.
   */
  void rewrite(Contents contents) throws IOException {
    sending.writeLock().lock();
    try {
      replaceWith(contents);
      deadLetterMissing = false;
    } finally {
      sending.writeLock().unlock();
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  private void replaceWith(Contents contents) throws IOException {
    Path partial = partial(file);
    String text = String.join("", lines(contents));
    try (FileChannel out =
        FileChannel.open(
            partial,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
      while (bytes.hasRemaining()) {
        out.write(bytes);
      }
      out.force(true);
    } catch (IOException e) {
      Files.deleteIfExists(partial);
      throw e;
    }
    Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    forceFolder(file.getParent());
    channel.close();
    channel = append(file);
    mayHoldBodies = !contents.bodies().isEmpty();
  }

  private void append(List<String> lines) throws IOException {
    long end;
    synchronized (appendLock) {
      // After a failed append the file may end in a torn line: a line break of its own keeps it
      // from swallowing the next line, which is then answered 202.
      String text = (tornTail ? "\n" : "") + String.join("", lines);
      ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
      long before = channel.size();
      try {
        while (bytes.hasRemaining()) {
          channel.write(bytes);
        }
        tornTail = false;
        appended += bytes.limit();
        end = appended;
      } catch (IOException e) {
        // A full disk takes what fits of a line, then refuses the rest.
        tornTail = true;
        try {
          channel.truncate(before);
        } catch (IOException cut) {
          e.addSuppressed(cut);
        }
        if (!unwritable.getAndSet(true)) {
          System.err.println(
              "The Eye cannot write its journal "
                  + file
                  + " ("
                  + e.getMessage()
                  + "): events are refused with 503 until it can. Is the disk full?");
        }
        throw e;
      }
    }
    forceUpTo(end);
    if (unwritable.get() && unwritable.compareAndSet(true, false)) {
      System.err.println("The Eye can write its journal again.");
    }
  }

  /** Returns once the first {@code end} bytes ever appended are on disk. */
  private void forceUpTo(long end) throws IOException {
    forcing.lock();
    try {
      if (forced >= end) {
        return; // a force that ran while this append waited covered its line
      }
      long target;
      synchronized (appendLock) {
        target = appended;
      }
      channel.force(false);
      forced = target;
    } finally {
      forcing.unlock();
    }
  }

  /** The journal's lines for {@code contents}: its bodies, then its dead letters. */
  private static List<String> lines(Contents contents) {
    List<String> lines = new ArrayList<>();
    contents.bodies().forEach(body -> lines.add(bodyLine(body)));
    contents.deadLetters().forEach(deadLetter -> lines.add(deadLetterLine(deadLetter)));
    return lines;
  }

  private static String bodyLine(String body) {
    return EventCodec.write(ExactJson.MAPPER.createObjectNode().put(BODY, body)) + "\n";
  }

  private static String deadLetterLine(DeadLetter deadLetter) {
    return EventCodec.write(
            ExactJson.MAPPER
                .createObjectNode()
                .put(DEAD_LETTER, deadLetter.body())
                .put(RECEIVE_COUNT, deadLetter.receiveCount()))
        + "\n";
  }

  /**
   * The file's bytes as text: as many as it holds, since a device (/dev/full) reads without end.
   */
  private static String read(Path file) throws IOException {
    try (var in = Files.newInputStream(file)) {
      return new String(in.readNBytes(Math.toIntExact(Files.size(file))), StandardCharsets.UTF_8);
    }
  }

  private static FileChannel append(Path file) throws IOException {
    return FileChannel.open(
        file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
  }

  private static Path partial(Path file) {
    return file.resolveSibling(file.getFileName() + ".partial");
  }

  /** Makes the rename itself durable, where the platform lets a folder be opened (Linux does). */
  private static void forceFolder(Path folder) {
    try (FileChannel directory = FileChannel.open(folder, StandardOpenOption.READ)) {
      directory.force(true);
    } catch (IOException e) {
      // Elsewhere the rename is still atomic; only its survival of a power cut is less certain.
    }
  }

  private static List<String> bodiesFor(Object request, String queueUrl) {
    if (request instanceof SendMessageRequest send && queueUrl.equals(send.queueUrl())) {
      return List.of(send.messageBody());
    }
    if (request instanceof SendMessageBatchRequest batch && queueUrl.equals(batch.queueUrl())) {
      return batch.entries().stream().map(SendMessageBatchRequestEntry::messageBody).toList();
    }
    return List.of();
  }

  private static Object invoke(SqsClient sqs, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(sqs, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}

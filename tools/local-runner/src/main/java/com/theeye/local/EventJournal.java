package com.theeye.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.theeye.emulators.QueueDepth;
import com.theeye.event.EventCodec;
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
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * Makes a 202 durable locally before it is sent. ElasticMQ keeps messages in memory only, so the
 * ingest's queue client first appends each message body to this file and forces it to disk, and
 * only then sends it; the ingest answers 202 after that. A {@code kill -9} of the runner loses the
 * queue's memory but not the file: the next start puts every journaled message back on the queue.
 * Replaying an event already stored is harmless, since the processor stores each id once.
 *
 * <p>The journal is emptied only when nothing it holds can still be unstored: the queue and its
 * dead-letter queue are empty while no send is under way, or a clean stop has drained and saved the
 * queues. A journal that cannot be written (a full disk) makes the send fail, so the ingest answers
 * 503 instead of a 202 it could not keep.
 */
final class EventJournal implements AutoCloseable {

  private final Path file;
  private final FileChannel channel;
  // Sends hold the read lock (many at once); emptying the journal holds the write lock, so it never
  // runs between a body's append and its send.
  private final ReadWriteLock sending = new ReentrantReadWriteLock();
  // Group commit: a force takes ~10 ms on a virtual disk, so forcing once per send under one lock
  // capped the local API near 100 requests/s. Appends only order their bytes; one force then makes
  // every byte appended before it durable, and the sends waiting behind it find theirs already are.
  private final Object appending = new Object();
  private final ReentrantLock forcing = new ReentrantLock();
  private long appended; // bytes ever appended (guarded by appending); survives emptying
  private long forced; // bytes ever appended that a force has made durable (guarded by forcing)

  private EventJournal(Path file, FileChannel channel) {
    this.file = file;
    this.channel = channel;
  }

  static EventJournal open(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    return new EventJournal(
        file,
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND));
  }

  /** The bodies journaled and not yet known to be stored, oldest first. */
  List<String> pending() throws IOException {
    List<String> bodies = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      try {
        JsonNode entry = EventCodec.JSON.readTree(line);
        bodies.add(entry.get("body").textValue());
      } catch (IOException | RuntimeException e) {
        // A line torn by a crash mid-append: its send never happened, so no 202 was given for it.
      }
    }
    return bodies;
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
            append(bodies);
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
   * Empties the journal if every message it holds is stored: both queues empty, no send under way.
   *
   * @return whether it was emptied
   */
  boolean emptyIfStored(SqsClient sqs, String queueUrl, String deadLetterUrl) throws IOException {
    sending.writeLock().lock();
    try {
      if (channel.size() == 0) {
        return true;
      }
      if (QueueDepth.of(sqs, queueUrl) > 0 || QueueDepth.of(sqs, deadLetterUrl) > 0) {
        return false;
      }
      empty();
      return true;
    } finally {
      sending.writeLock().unlock();
    }
  }

  /** Empties the journal: what it held is stored, or saved elsewhere by a clean stop. */
  void empty() throws IOException {
    sending.writeLock().lock();
    try {
      channel.truncate(0);
      channel.force(true);
    } finally {
      sending.writeLock().unlock();
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  private void append(List<String> bodies) {
    StringBuilder lines = new StringBuilder();
    for (String body : bodies) {
      lines
          .append(EventCodec.write(EventCodec.JSON.createObjectNode().put("body", body)))
          .append('\n');
    }
    ByteBuffer bytes = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
    try {
      long end;
      synchronized (appending) {
        while (bytes.hasRemaining()) {
          channel.write(bytes);
        }
        appended += bytes.limit();
        end = appended;
      }
      forceUpTo(end);
    } catch (IOException e) {
      System.err.println(
          "The Eye cannot write its journal "
              + file
              + " ("
              + e.getMessage()
              + "): events are refused with 503 until it can (is the disk full?)");
      // An SDK exception, so the ingest answers 503 as for any queue outage.
      throw SdkClientException.create("the local event journal cannot be written", e);
    }
  }

  /** Returns once the first {@code end} bytes ever appended are on disk. */
  private void forceUpTo(long end) throws IOException {
    forcing.lock();
    try {
      if (forced >= end) {
        return; // a force that ran while this send waited covered its bytes
      }
      long target;
      synchronized (appending) {
        target = appended;
      }
      channel.force(false);
      forced = target;
    } finally {
      forcing.unlock();
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

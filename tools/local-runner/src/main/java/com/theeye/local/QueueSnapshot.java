package com.theeye.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.theeye.event.EventCodec;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * Keeps a queue's messages on disk across a restart. ElasticMQ holds messages in memory only, so
 * whatever the drain could not store (a message still being retried, or one in the dead-letter
 * queue) is written to a file at shutdown and put back on the queue at the next start: an event
 * answered 202 is never lost by a restart.
 */
final class QueueSnapshot {

  private QueueSnapshot() {}

  /** Moves every visible message of the queue into {@code file}; returns how many. */
  static int save(SqsClient sqs, String queueUrl, Path file) {
    List<String> bodies = new ArrayList<>();
    List<Message> batch;
    do {
      batch =
          sqs.receiveMessage(
                  b ->
                      b.queueUrl(queueUrl)
                          .maxNumberOfMessages(10)
                          .waitTimeSeconds(0)
                          .visibilityTimeout(300))
              .messages();
      batch.forEach(m -> bodies.add(m.body()));
    } while (!batch.isEmpty());
    if (bodies.isEmpty()) {
      return 0;
    }
    try {
      Files.createDirectories(file.getParent());
      Path partial = file.resolveSibling(file.getFileName() + ".partial");
      try (BufferedWriter out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
        for (String body : bodies) {
          out.write(EventCodec.write(EventCodec.JSON.createObjectNode().put("body", body)));
          out.newLine();
        }
      }
      // Appending to what an earlier, unrestored snapshot left, then one atomic rename.
      if (Files.exists(file)) {
        Files.write(partial, Files.readAllBytes(file), java.nio.file.StandardOpenOption.APPEND);
      }
      Files.move(
          partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the queue snapshot " + file, e);
    }
    return bodies.size();
  }

  /** Puts the messages of {@code file} back on the queue and removes the file; returns how many. */
  static int restore(SqsClient sqs, String queueUrl, Path file) {
    if (!Files.exists(file)) {
      return 0;
    }
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
      for (String line : lines) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode saved = EventCodec.JSON.readTree(line);
        entries.add(
            SendMessageBatchRequestEntry.builder()
                .id(Integer.toString(entries.size() % 10))
                .messageBody(saved.get("body").asText())
                .build());
        if (entries.size() == 10) {
          send(sqs, queueUrl, entries);
          entries.clear();
        }
      }
      if (!entries.isEmpty()) {
        send(sqs, queueUrl, entries);
      }
      Files.delete(file);
      return lines.size();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot restore the queue snapshot " + file, e);
    }
  }

  /** Sends {@code bodies} to the queue in batches of ten. */
  static void sendAll(SqsClient sqs, String queueUrl, List<String> bodies) {
    List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
    for (String body : bodies) {
      entries.add(
          SendMessageBatchRequestEntry.builder()
              .id(Integer.toString(entries.size()))
              .messageBody(body)
              .build());
      if (entries.size() == 10) {
        send(sqs, queueUrl, entries);
        entries.clear();
      }
    }
    if (!entries.isEmpty()) {
      send(sqs, queueUrl, entries);
    }
  }

  private static void send(
      SqsClient sqs, String queueUrl, List<SendMessageBatchRequestEntry> entries) {
    List<SendMessageBatchRequestEntry> copy = List.copyOf(entries);
    var response = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(copy));
    if (response.hasFailed() && !response.failed().isEmpty()) {
      throw new IllegalStateException("the queue refused restored messages: " + response.failed());
    }
  }
}

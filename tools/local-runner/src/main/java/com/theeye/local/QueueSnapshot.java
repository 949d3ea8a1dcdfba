package com.theeye.local;

import com.theeye.emulators.QueueDepth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * Takes a queue's messages out and puts them back, through the SQS API only. ElasticMQ holds
 * messages in memory, so a clean stop takes out what the drain could not store (a message still
 * being retried, or one in the dead-letter queue) for the journal, and the next start puts it back:
 * dead letters with the receive count they had.
 */
final class QueueSnapshot {

  /** Long enough for a stop to take every message out; they are gone with ElasticMQ after it. */
  private static final int TAKEN_FOR_SECONDS = 300;

  private QueueSnapshot() {}

  /**
   * The messages taken out of a queue; {@code elsewhere} counts those in flight with another
   * consumer (an operator reading the dead-letter queue, say), which could not be taken.
   */
  record Taken(List<Message> messages, int elsewhere) {
    List<String> bodies() {
      return messages.stream().map(Message::body).toList();
    }

    /** Each message as a dead letter, with its receive count before this take. */
    List<DeadLetter> deadLetters() {
      return messages.stream().map(m -> new DeadLetter(m.body(), receiveCount(m) - 1)).toList();
    }
  }

  /** Receives every visible message of the queue, keeping them invisible while the stop runs. */
  static Taken takeAll(SqsClient sqs, String queueUrl) {
    List<Message> messages = receiveAllVisible(sqs, queueUrl);
    // Counted after: a message the redrive policy moved to the dead-letter queue meanwhile is none.
    return new Taken(messages, Math.max(0, QueueDepth.of(sqs, queueUrl) - messages.size()));
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

  /**
   * Puts dead letters back on the dead-letter queue, each with the receive count it had. SQS has no
   * way to send a message with a receive count, so the count is given the only way SQS counts:
   * receiving. Those with the highest count go first, and every message on the queue is received
   * once per step down to the next count; the queue must be empty and unread meanwhile (at start).
   * Their SentTimestamp is the restore's, and ElasticMQ's DeadLetterQueueSourceArn is not kept.
   */
  static void restoreDeadLetters(
      SqsClient sqs, String deadLetterUrl, List<DeadLetter> deadLetters) {
    Map<Integer, List<String>> byCount = new TreeMap<>(Comparator.reverseOrder());
    for (DeadLetter deadLetter : deadLetters) {
      byCount
          .computeIfAbsent(Math.max(0, deadLetter.receiveCount()), c -> new ArrayList<>())
          .add(deadLetter.body());
    }
    List<Integer> counts = List.copyOf(byCount.keySet());
    for (int i = 0; i < counts.size(); i++) {
      sendAll(sqs, deadLetterUrl, byCount.get(counts.get(i)));
      int next = i + 1 < counts.size() ? counts.get(i + 1) : 0;
      for (int receive = next; receive < counts.get(i); receive++) {
        receiveEachOnce(sqs, deadLetterUrl);
      }
    }
  }

  /** Receives every message of the queue exactly once, then makes them all visible again. */
  private static void receiveEachOnce(SqsClient sqs, String queueUrl) {
    List<Message> received = receiveAllVisible(sqs, queueUrl);
    for (int from = 0; from < received.size(); from += 10) {
      List<ChangeMessageVisibilityBatchRequestEntry> entries =
          received.subList(from, Math.min(from + 10, received.size())).stream()
              .map(
                  m ->
                      ChangeMessageVisibilityBatchRequestEntry.builder()
                          .id(m.messageId())
                          .receiptHandle(m.receiptHandle())
                          .visibilityTimeout(0)
                          .build())
              .toList();
      var response = sqs.changeMessageVisibilityBatch(b -> b.queueUrl(queueUrl).entries(entries));
      if (response.hasFailed() && !response.failed().isEmpty()) {
        throw new IllegalStateException(
            "the dead-letter queue refused to show restored messages again: " + response.failed());
      }
    }
  }

  /** Receives every visible message once, with its receive count, invisible while a stop runs. */
  private static List<Message> receiveAllVisible(SqsClient sqs, String queueUrl) {
    List<Message> messages = new ArrayList<>();
    List<Message> batch;
    do {
      batch =
          sqs.receiveMessage(
                  b ->
                      b.queueUrl(queueUrl)
                          .maxNumberOfMessages(10)
                          .waitTimeSeconds(0)
                          .visibilityTimeout(TAKEN_FOR_SECONDS)
                          .messageSystemAttributeNames(
                              MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
              .messages();
      messages.addAll(batch);
    } while (!batch.isEmpty());
    return messages;
  }

  private static int receiveCount(Message message) {
    return Integer.parseInt(
        message
            .attributes()
            .getOrDefault(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "1"));
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

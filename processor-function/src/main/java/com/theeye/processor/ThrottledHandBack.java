package com.theeye.processor;

import com.theeye.aws.AwsErrors;
import com.theeye.event.EventCodec;
import com.theeye.event.ReplayMarker;
import com.theeye.processor.MessageResult.HandBack;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Puts the events DynamoDB still throttles at an invocation's cutoff back on the events queue, in a
 * new message hidden for a while, so that their message can count as processed: Lambda deletes it,
 * and throttling never uses up its receives.
 *
 * <p>Why not a batch item failure, or a longer visibility timeout: SQS counts every receive of a
 * message towards the redrive policy's {@code maxReceiveCount} ("if the source queue has a redrive
 * policy with maxReceiveCount set to 5, and the consumer of the source queue receives a message 5
 * times without ever deleting it, Amazon SQS moves the message to the dead-letter queue": "Amazon
 * SQS dead-letter queues", SQS Developer Guide); ChangeMessageVisibility only moves when the next
 * receive happens, and only a delete ends the count. Under provisioned capacity a burst is
 * throttled for the 20–30 minutes autoscaling takes to follow it, longer than the 5 receives of 180
 * s the template allows; the SQS guide itself advises against a dead-letter queue for messages that
 * must wait for a dependency. A new message starts at receive count 0.
 *
 * <p>Only a message's still-throttled events go back, packed as the ingest function packs them, so
 * those already stored are not written again; the message attribute {@value #ATTRIBUTE} counts the
 * hand-backs, and each waits about twice as long as the one before ({@link #delay}), up to SQS's
 * 900 s. A replay's mark ({@link ReplayMarker}) travels along. Order is what makes it safe: the
 * message counts as processed only once SQS has accepted the new one; should the send fail, the
 * message is a batch item failure as before. The original delivered again with its copy on the
 * queue is harmless: every put is conditional, and the second finds the event stored.
 */
final class ThrottledHandBack {

  /** The SQS message attribute counting a message's hand-backs; its data type is Number. */
  static final String ATTRIBUTE = "throttled_hand_backs";

  /** The first hand-back's message waits up to this long; each later one up to twice as long. */
  static final Duration FIRST_DELAY = Duration.ofSeconds(10);

  /** SQS's longest message timer, DelaySeconds 900 ("Amazon SQS message timers"). */
  static final Duration MAX_DELAY = Duration.ofSeconds(900);

  /**
   * From this hand-back on, the batch log line is a WARN: the delays before it add up to about 40
   * minutes, longer than autoscaling takes to follow a 20x burst (docs/PERFORMANCE.md, section 8),
   * so the table is short of its maximum capacity, not catching up.
   */
  static final int LONG_THROTTLING = 10;

  /**
   * The most bytes one message may take, body and attributes: 262,144, a queue's default {@code
   * MaximumMessageSize} ("Amazon SQS message quotas"), as the ingest function packs to.
   */
  static final int MAX_MESSAGE_BYTES = 256 * 1024;

  /**
   * What the attributes may take of a message, {@link #ATTRIBUTE} and a replay's mark with room.
   */
  static final int ATTRIBUTE_BYTES = 1024;

  /** SQS's limits for one SendMessageBatch call: ten entries, the former 256 KiB in all. */
  static final int MAX_ENTRIES_PER_BATCH = 10;

  static final int MAX_BATCH_BYTES = 256 * 1024;

  private final Optional<SqsClient> sqs;
  private final String queueUrl;

  ThrottledHandBack(SqsClient sqs, String queueUrl) {
    this(Optional.of(sqs), queueUrl);
  }

  private ThrottledHandBack(Optional<SqsClient> sqs, String queueUrl) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
  }

  /**
   * This hand-back without a queue, for SnapStart priming's twin: a throttled event fails its
   * message, as before the hand-back existed, and nothing is sent.
   */
  ThrottledHandBack sendingNothing() {
    return new ThrottledHandBack(Optional.empty(), queueUrl);
  }

  /**
   * Hands back the still-throttled events of each message; returns each message's result, in order:
   * handed back, or a batch item failure when SQS did not take all of its new messages.
   */
  List<MessageResult> handBack(List<SettledMessage> messages) {
    List<Entry> entries = new ArrayList<>();
    List<HandBack> handBacks = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      SettledMessage message = messages.get(i);
      int count = message.message().throttledHandBacks() + 1;
      Duration delay = delay(count);
      handBacks.add(new HandBack(count, delay, oldestReceivedAt(message)));
      Map<String, MessageAttributeValue> attributes = attributes(message.message(), count);
      for (String body : pack(message.throttledEvents())) {
        entries.add(new Entry(entries.size(), i, body, attributes, delay));
      }
    }
    Map<Integer, String> notSent = new HashMap<>();
    for (List<Entry> call : calls(entries)) {
      send(call).forEach(notSent::putIfAbsent);
    }
    List<MessageResult> results = new ArrayList<>(messages.size());
    for (int i = 0; i < messages.size(); i++) {
      results.add(
          notSent.containsKey(i)
              ? messages.get(i).notHandedBack(notSent.get(i))
              : messages.get(i).handedBack(handBacks.get(i)));
    }
    return results;
  }

  /**
   * The delay of a message's {@code handBack}-th hand-back: 5–10 s, then 10–20 s, doubling up to
   * 450–900 s. Equal jitter, so no retry comes back at once yet many handed back together come back
   * spread out; the first eight add up to about 27 minutes on average, about the time autoscaling
   * needs to follow a 20x burst.
   */
  static Duration delay(int handBack) {
    long ceiling =
        Math.min(MAX_DELAY.toSeconds(), FIRST_DELAY.toSeconds() << Math.min(handBack - 1, 20));
    long half = ceiling / 2;
    return Duration.ofSeconds(half + ThreadLocalRandom.current().nextLong(ceiling - half + 1));
  }

  /**
   * The bodies carrying {@code events}: one event alone as it came ({@link EventCodec#toMessage}),
   * several packed ({@link EventCodec#toPackedMessage}), a new body started when the next event
   * would take one past {@link #MAX_MESSAGE_BYTES} less {@link #ATTRIBUTE_BYTES}. A message of the
   * ingest function's at its size limit has no room for the attribute and goes back as two.
   */
  static List<String> pack(List<EventCodec.DecodedEvent> events) {
    if (events.size() == 1) {
      return List.of(events.getFirst().message());
    }
    int limit = MAX_MESSAGE_BYTES - ATTRIBUTE_BYTES;
    List<String> bodies = new ArrayList<>();
    List<String> current = new ArrayList<>();
    int currentBytes = EventCodec.PACKED_ENVELOPE_BYTES;
    for (EventCodec.DecodedEvent event : events) {
      int bytes = utf8Length(event.message()) + (current.isEmpty() ? 0 : 1);
      if (!current.isEmpty() && currentBytes + bytes > limit) {
        bodies.add(EventCodec.toPackedMessage(current));
        current = new ArrayList<>();
        currentBytes = EventCodec.PACKED_ENVELOPE_BYTES;
        bytes = utf8Length(event.message());
      }
      current.add(event.message());
      currentBytes += bytes;
    }
    bodies.add(EventCodec.toPackedMessage(current));
    return bodies;
  }

  /**
   * One new message, of the {@code message}-th message handed back.
   *
   * @param id its place among all the batch's new messages, unique within a call as SQS asks
   */
  private record Entry(
      int id,
      int message,
      String body,
      Map<String, MessageAttributeValue> attributes,
      Duration delay) {

    int bytes() {
      return utf8Length(body) + ATTRIBUTE_BYTES;
    }
  }

  /** Splits into SendMessageBatch calls of at most ten entries and {@link #MAX_BATCH_BYTES}. */
  private static List<List<Entry>> calls(List<Entry> entries) {
    List<List<Entry>> calls = new ArrayList<>();
    List<Entry> current = new ArrayList<>();
    int currentBytes = 0;
    for (Entry entry : entries) {
      if (current.size() == MAX_ENTRIES_PER_BATCH
          || (!current.isEmpty() && currentBytes + entry.bytes() > MAX_BATCH_BYTES)) {
        calls.add(current);
        current = new ArrayList<>();
        currentBytes = 0;
      }
      current.add(entry);
      currentBytes += entry.bytes();
    }
    if (!current.isEmpty()) {
      calls.add(current);
    }
    return calls;
  }

  /**
   * Sends one call's entries; returns why, for each message one of whose entries SQS did not take.
   * The SDK has already retried the call; a message whose entry is refused goes the batch item
   * failure path, and its entries SQS did take are duplicates on the queue, stored once.
   */
  private Map<Integer, String> send(List<Entry> call) {
    Map<Integer, String> notSent = new HashMap<>();
    if (sqs.isEmpty()) {
      call.forEach(e -> notSent.put(e.message(), "no queue to hand back to (priming)"));
      return notSent;
    }
    List<SendMessageBatchRequestEntry> requests =
        call.stream()
            .map(
                e ->
                    SendMessageBatchRequestEntry.builder()
                        .id(Integer.toString(e.id()))
                        .messageBody(e.body())
                        .messageAttributes(e.attributes())
                        .delaySeconds((int) e.delay().toSeconds())
                        .build())
            .toList();
    try {
      SendMessageBatchResponse response =
          sqs.get().sendMessageBatch(b -> b.queueUrl(queueUrl).entries(requests));
      if (response.hasFailed()) {
        Map<String, Integer> messageOf = new HashMap<>();
        call.forEach(e -> messageOf.put(Integer.toString(e.id()), e.message()));
        for (BatchResultErrorEntry failed : response.failed()) {
          notSent.put(messageOf.get(failed.id()), "SQS refused " + failed.code());
        }
      }
    } catch (SdkException e) {
      call.forEach(entry -> notSent.put(entry.message(), AwsErrors.describe(e)));
    }
    return notSent;
  }

  private static Map<String, MessageAttributeValue> attributes(QueueMessage message, int count) {
    Map<String, MessageAttributeValue> attributes = new HashMap<>();
    attributes.put(
        ATTRIBUTE,
        MessageAttributeValue.builder()
            .dataType("Number")
            .stringValue(Integer.toString(count))
            .build());
    message
        .replayedAt()
        .ifPresent(
            at ->
                attributes.put(
                    ReplayMarker.ATTRIBUTE,
                    MessageAttributeValue.builder()
                        .dataType(ReplayMarker.DATA_TYPE)
                        .stringValue(ReplayMarker.format(at))
                        .build()));
    return attributes;
  }

  private static Optional<Instant> oldestReceivedAt(SettledMessage message) {
    if (message.message().replayedAt().isPresent()) {
      return Optional.empty();
    }
    return message.throttledEvents().stream()
        .flatMap(e -> e.event().stream())
        .map(e -> e.receivedAt())
        .min(Instant::compareTo);
  }

  private static int utf8Length(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }
}

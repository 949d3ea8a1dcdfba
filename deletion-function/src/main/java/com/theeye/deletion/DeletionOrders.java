package com.theeye.deletion;

import com.theeye.store.DeletionOrder;
import java.time.Duration;
import java.util.UUID;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Sends a deletion's job its next order on the deletions queue: at once, to continue a run the
 * invocation's timeout cut short, or delayed, to sweep once more when events in flight have landed.
 */
final class DeletionOrders {

  private final SqsClient sqs;
  private final String queueUrl;

  DeletionOrders(SqsClient sqs, String queueUrl) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
  }

  /**
   * @param delay rounded up to whole seconds, at most {@link DeletionConfig#MAX_SETTLE_SECONDS}
   *     (SQS's longest DelaySeconds); a longer wait takes several orders
   */
  void send(UUID deletion, Duration delay) {
    long seconds = (delay.toMillis() + 999) / 1000;
    int delaySeconds = Math.clamp(seconds, 0, DeletionConfig.MAX_SETTLE_SECONDS);
    sqs.sendMessage(
        b ->
            b.queueUrl(queueUrl)
                .messageBody(new DeletionOrder(deletion).toMessage())
                .delaySeconds(delaySeconds));
  }
}

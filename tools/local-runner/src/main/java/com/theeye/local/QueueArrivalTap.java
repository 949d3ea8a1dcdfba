package com.theeye.local;

import com.theeye.event.EventCodec;
import com.theeye.event.MalformedEventException;
import com.theeye.query.Arrival;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * Records each event the ingest put on the events queue as {@code queued} in {@link LocalArrivals},
 * once the send succeeded: the SDK's extension point on the ingest's own SQS client (as {@link
 * JournalingInterceptor} is), so the ingest's code does not change.
 */
final class QueueArrivalTap implements ExecutionInterceptor {

  private final LocalArrivals arrivals;
  private final String queueUrl;
  private final Clock clock;

  QueueArrivalTap(LocalArrivals arrivals, String queueUrl, Clock clock) {
    this.arrivals = arrivals;
    this.queueUrl = queueUrl;
    this.clock = clock;
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    if (context.request() instanceof SendMessageRequest send && queueUrl.equals(send.queueUrl())) {
      record(send.messageBody());
    } else if (context.request() instanceof SendMessageBatchRequest batch
        && queueUrl.equals(batch.queueUrl())
        && context.response() instanceof SendMessageBatchResponse response) {
      Set<String> failed = new HashSet<>();
      response.failed().stream().map(BatchResultErrorEntry::id).forEach(failed::add);
      for (SendMessageBatchRequestEntry entry : batch.entries()) {
        if (!failed.contains(entry.id())) {
          record(entry.messageBody());
        }
      }
    }
  }

  private void record(String body) {
    List<EventCodec.DecodedEvent> events;
    try {
      events = EventCodec.fromAnyMessage(body);
    } catch (MalformedEventException e) {
      return; // the processor keeps it as invalid: that outcome is recorded when it does
    }
    for (EventCodec.DecodedEvent decoded : events) {
      decoded.event().ifPresent(event -> arrivals.record(Arrival.queued(event, clock.instant())));
    }
  }
}

package com.theeye.local;

import com.theeye.accounting.AccountingMetric;
import com.theeye.accounting.EventTally;
import com.theeye.event.Event;
import com.theeye.event.EventCodec;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * Counts, in the {@link AccountingLedger}, the events the ingest's SQS client sends to the events
 * queue: the accounting's {@code accepted} locally. Counted before the send, right after the
 * journal took the bodies ({@link JournalingInterceptor}, the interceptor before this one), and
 * taken back for what the queue refused: what is counted is what the journal puts back after a
 * {@code kill -9}, so an accept the runner died answering is counted and stored, both or neither.
 * On AWS the ingest's metric line counts it ({@code IngestOutcome}).
 */
final class AcceptanceCounter implements ExecutionInterceptor {

  private static final ExecutionAttribute<List<List<EventTally>>> COUNTED =
      new ExecutionAttribute<>("TheEyeAcceptedEvents");

  private final AccountingLedger ledger;
  private final String queueUrl;

  AcceptanceCounter(AccountingLedger ledger, String queueUrl) {
    this.ledger = ledger;
    this.queueUrl = queueUrl;
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    List<String> bodies = bodiesFor(context.request());
    if (bodies.isEmpty()) {
      return;
    }
    List<List<EventTally>> perMessage = bodies.stream().map(AcceptanceCounter::events).toList();
    try {
      ledger.accepted(perMessage.stream().flatMap(List::stream).toList());
    } catch (UncheckedIOException e) {
      throw SdkClientException.create("the local accounting ledger cannot be written", e);
    }
    attributes.putAttribute(COUNTED, perMessage);
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    List<List<EventTally>> counted = attributes.getAttribute(COUNTED);
    if (counted == null
        || !(context.response() instanceof SendMessageBatchResponse batch)
        || !(context.request() instanceof SendMessageBatchRequest request)
        || !batch.hasFailed()) {
      return;
    }
    Set<String> failedIds = new HashSet<>();
    batch.failed().stream().map(BatchResultErrorEntry::id).forEach(failedIds::add);
    List<EventTally> refused = new ArrayList<>();
    List<SendMessageBatchRequestEntry> entries = request.entries();
    for (int i = 0; i < entries.size(); i++) {
      if (failedIds.contains(entries.get(i).id())) {
        refused.addAll(counted.get(i));
      }
    }
    ledger.notAccepted(refused);
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
    List<List<EventTally>> counted = attributes.getAttribute(COUNTED);
    if (counted != null) {
      ledger.notAccepted(counted.stream().flatMap(List::stream).toList());
    }
  }

  /** The message's events, as the processor will read them. */
  private static List<EventTally> events(String body) {
    List<EventTally> events = new ArrayList<>();
    for (EventCodec.DecodedEvent decoded : EventCodec.fromAnyMessage(body)) {
      decoded.event().map(AcceptanceCounter::accepted).ifPresent(events::add);
    }
    return events;
  }

  private static EventTally accepted(Event event) {
    return EventTally.of(
        event.id(), event.application(), event.receivedAt(), AccountingMetric.ACCEPTED);
  }

  private List<String> bodiesFor(SdkRequest request) {
    if (request instanceof SendMessageRequest send && queueUrl.equals(send.queueUrl())) {
      return List.of(send.messageBody());
    }
    if (request instanceof SendMessageBatchRequest batch && queueUrl.equals(batch.queueUrl())) {
      return batch.entries().stream().map(SendMessageBatchRequestEntry::messageBody).toList();
    }
    return List.of();
  }
}

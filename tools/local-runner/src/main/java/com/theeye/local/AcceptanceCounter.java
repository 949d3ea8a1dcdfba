package com.theeye.local;

import com.theeye.accounting.AccountingMetric;
import com.theeye.accounting.EventTally;
import com.theeye.event.Event;
import com.theeye.event.EventCodec;
import com.theeye.event.MalformedEventException;
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
 * {@code kill -9}, so an accept the runner died answering is counted and stored, both or neither: a
 * kill between the journal's write and this count leaves a body the next start puts back, and
 * {@link #countPutBack} counts it then (a count is keyed by its accept: counting one twice is
 * counting it once). On AWS the ingest's metric line counts it ({@code IngestOutcome}).
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
    takeBack(refused);
  }

  // The send's own outcome stands whatever the ledger says: a count that cannot be taken back
  // (a full disk) leaves its minute unreconciled, and make reconcile shows it.
  private void takeBack(List<EventTally> refused) {
    try {
      ledger.notAccepted(refused);
    } catch (UncheckedIOException e) {
      System.err.println(
          "The Eye could not take back the count of "
              + refused.size()
              + " event(s) the queue refused: "
              + e.getMessage());
    }
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
    List<List<EventTally>> counted = attributes.getAttribute(COUNTED);
    if (counted != null) {
      takeBack(counted.stream().flatMap(List::stream).toList());
    }
  }

  /**
   * Counts the events of bodies the journal puts back on the queue at a start: each was taken by
   * the journal before its 202, and goes to the processor now.
   */
  void countPutBack(List<String> bodies) {
    ledger.accepted(bodies.stream().flatMap(body -> events(body).stream()).toList());
  }

  /**
   * The message's events, as the processor will read them; none for a body that is no message (an
   * operator's, or an earlier version's test line), which no application sent and nothing counts.
   */
  private static List<EventTally> events(String body) {
    List<EventTally> events = new ArrayList<>();
    List<EventCodec.DecodedEvent> decodedEvents;
    try {
      decodedEvents = EventCodec.fromAnyMessage(body);
    } catch (MalformedEventException e) {
      return events;
    }
    for (EventCodec.DecodedEvent decoded : decodedEvents) {
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

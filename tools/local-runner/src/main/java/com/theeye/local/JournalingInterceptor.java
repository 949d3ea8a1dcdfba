package com.theeye.local;

import java.io.IOException;
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
 * Journals every message the functions' SQS client sends to the events queue (the ingest's accepted
 * events, the processor's hand-backs of throttled ones, whose originals the event source then
 * deletes), through the SDK's own extension point
 * (https://sdk.amazonaws.com/java/api/latest/software/amazon/awssdk/core/interceptor/ExecutionInterceptor.html).
 * {@link #beforeExecution} runs once per call, before the request is marshalled and before any
 * attempt reaches the queue, and returns only once the bodies are on disk: the call, and so the
 * ingest's 202, waits for them. A journal that cannot be written fails the call with an SDK
 * exception, which the ingest answers with 503 as it does any queue outage (and the processor with
 * a batch item failure, keeping the original). When the call ends, the journal learns which bodies
 * reached the queue.
 */
final class JournalingInterceptor implements ExecutionInterceptor {

  private static final ExecutionAttribute<EventJournal.Ticket> TICKET =
      new ExecutionAttribute<>("TheEyeJournalTicket");

  private final EventJournal journal;
  private final String queueUrl;

  JournalingInterceptor(EventJournal journal, String queueUrl) {
    this.journal = journal;
    this.queueUrl = queueUrl;
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    List<String> bodies = bodiesFor(context.request());
    if (bodies.isEmpty()) {
      return;
    }
    try {
      attributes.putAttribute(TICKET, journal.journal(bodies));
    } catch (IOException e) {
      throw SdkClientException.create("the local event journal cannot be written", e);
    }
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    EventJournal.Ticket ticket = attributes.getAttribute(TICKET);
    if (ticket == null) {
      return;
    }
    Set<Integer> failed = new HashSet<>();
    if (context.response() instanceof SendMessageBatchResponse batch
        && context.request() instanceof SendMessageBatchRequest request
        && batch.hasFailed()) {
      Set<String> failedIds = new HashSet<>();
      batch.failed().stream().map(BatchResultErrorEntry::id).forEach(failedIds::add);
      List<SendMessageBatchRequestEntry> entries = request.entries();
      for (int i = 0; i < entries.size(); i++) {
        if (failedIds.contains(entries.get(i).id())) {
          failed.add(i);
        }
      }
    }
    journal.sent(ticket, failed);
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
    EventJournal.Ticket ticket = attributes.getAttribute(TICKET);
    if (ticket != null) {
      journal.notSent(ticket);
    }
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

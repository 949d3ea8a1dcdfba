package com.theeye.probe;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.theeye.processor.ProcessorHandler;
import java.util.ArrayList;
import java.util.List;

/**
 * Does what Lambda does in a new execution environment: builds the processor handler through its
 * public no-arg constructor, then hands it one SQS event (and, when asked, more: {@link ProbeRun}).
 * With {@code primed}, runs the SnapStart hooks in between, as Lambda does before it takes the
 * snapshot.
 */
public final class ProcessorProbe {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ProcessorProbe() {}

  public static void main(String[] args) throws Exception {
    ProbeRun.lifecycle(args, ProcessorHandler::new, ProcessorProbe::handle);
  }

  /** Lambda's runtime turns the JSON into an SQSEvent itself: that is part of the call here. */
  private static String handle(ProcessorHandler handler, String json) throws Exception {
    SQSBatchResponse response = handler.handleRequest(sqsEvent(JSON.readTree(json)), new ProbeContext());
    return "failures=" + response.getBatchItemFailures().size();
  }

  private static SQSEvent sqsEvent(JsonNode json) {
    List<SQSEvent.SQSMessage> records = new ArrayList<>();
    for (JsonNode record : json.get("Records")) {
      SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
      message.setMessageId(record.get("messageId").textValue());
      message.setReceiptHandle(record.get("receiptHandle").textValue());
      message.setBody(record.get("body").textValue());
      message.setEventSource("aws:sqs");
      message.setEventSourceArn(record.get("eventSourceARN").textValue());
      records.add(message);
    }
    SQSEvent event = new SQSEvent();
    event.setRecords(records);
    return event;
  }
}

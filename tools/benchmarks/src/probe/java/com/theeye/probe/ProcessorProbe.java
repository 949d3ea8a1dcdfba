package com.theeye.probe;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.theeye.processor.ProcessorHandler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Does what Lambda does in a new execution environment: builds the processor handler through its
 * public no-arg constructor, then hands it one SQS event. Prints how long each took. With {@code
 * primed}, runs the SnapStart hooks in between, as Lambda does before it takes the snapshot.
 */
public final class ProcessorProbe {

  private ProcessorProbe() {}

  public static void main(String[] args) throws Exception {
    boolean primed = args.length > 1 && args[1].equals("primed");
    long start = System.nanoTime();
    ProcessorHandler handler = new ProcessorHandler();
    long built = System.nanoTime();
    if (primed) {
      ((org.crac.Resource) (Object) handler).beforeCheckpoint(null);
    }
    long ready = System.nanoTime();
    // Lambda's runtime turns the JSON into an SQSEvent itself; this is its share of the first call.
    SQSEvent event = sqsEvent(new ObjectMapper().readTree(Path.of(args[0]).toFile()));
    SQSBatchResponse response = handler.handleRequest(event, new ProbeContext());
    long handled = System.nanoTime();
    System.out.printf(
        "PROBE init_ms=%.1f prime_ms=%.1f first_ms=%.1f failures=%d%n",
        (built - start) / 1e6,
        (ready - built) / 1e6,
        (handled - ready) / 1e6,
        response.getBatchItemFailures().size());
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

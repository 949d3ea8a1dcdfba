package com.theeye.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a million events cost on AWS with template.yaml's defaults, for single-event posts and for
 * array bodies of 10 and 100 events. Prices are us-east-1 list prices without free tiers; where
 * each comes from, and when it was read, is in docs/PERFORMANCE.md. Durations are estimates (see
 * below), not AWS measurements: change them here when real numbers exist.
 */
public final class CostTable {

  // ---- Prices, USD, us-east-1 (docs/PERFORMANCE.md names the source and date of each).
  static final double API_PER_MILLION_REQUESTS = 1.00; // HTTP API, first 300 M a month
  static final double LAMBDA_PER_MILLION_REQUESTS = 0.20;
  static final double LAMBDA_PER_GB_SECOND = 0.0000166667; // x86_64, first 6 B GB-s a month
  static final double SQS_PER_MILLION_REQUESTS = 0.40; // standard queue; a request per 64 KB
  static final double DYNAMODB_PER_MILLION_WRITE_UNITS = 0.625; // on-demand
  static final double DYNAMODB_PER_MILLION_READ_UNITS = 0.125; // on-demand

  // ---- The workload.
  /** A queued event (the SQS message, and the Events item) is well under 1 KB. */
  static final double MESSAGE_KB = 0.5;

  /** Events per session, so a session's claim (1 WRU) and first read (0.5 RRU) spread over them. */
  static final double EVENTS_PER_SESSION = 20;

  // ---- Durations (ms), estimated: the local runs cannot measure AWS's network. The ingest
  // function's CPU share is microseconds (JMH); its time is the SQS round trip, ~5-10 ms in a
  // region, one SendMessageBatch call per 10 events, sent one after another. The processor stores
  // BatchConcurrency (8) events at a time with ~5-8 ms per conditional PutItem.
  static final double INGEST_MS_SINGLE = 12;
  static final double INGEST_MS_PER_SQS_CALL = 8;
  static final double PROCESSOR_MS_FIXED = 10;
  static final double PROCESSOR_MS_PER_ROUND_OF_PUTS = 7;

  private CostTable() {}

  public static void main(String[] args) throws IOException {
    String template = Files.readString(Fixtures.repoRoot().resolve("template.yaml"));
    int ingestMb = defaultOf(template, "IngestMemorySize");
    int processorMb = defaultOf(template, "ProcessorMemorySize");
    int batchSize = defaultOf(template, "ProcessorBatchSize");
    int concurrency = defaultOf(template, "BatchConcurrency");
    System.out.printf(
        "template.yaml: ingest %d MB, processor %d MB, processor batch %d, batch concurrency %d%n%n",
        ingestMb, processorMb, batchSize, concurrency);
    System.out.println(
        "| per million events | API Gateway | ingest Lambda | SQS | processor Lambda | DynamoDB |"
            + " **total** |");
    System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (int perRequest : List.of(1, 10, 100)) {
      double requests = 1e6 / perRequest;
      double api = requests / 1e6 * API_PER_MILLION_REQUESTS;
      int sqsCalls = perRequest == 1 ? 1 : (int) Math.ceil(perRequest / 10.0);
      double ingestMs = perRequest == 1 ? INGEST_MS_SINGLE : sqsCalls * INGEST_MS_PER_SQS_CALL;
      double ingest = lambda(requests, ingestMs, ingestMb);
      // Send: one request per SendMessage, or per SendMessageBatch of 10 (each ≤ 64 KB).
      // Receive and delete: Lambda's poller takes and deletes up to 10 messages per request.
      double sqsRequests = requests * sqsCalls + 1e6 / 10 + 1e6 / 10;
      double sqs = sqsRequests / 1e6 * SQS_PER_MILLION_REQUESTS;
      double invocations = 1e6 / batchSize;
      double processorMs =
          PROCESSOR_MS_FIXED
              + Math.ceil((double) batchSize / concurrency) * PROCESSOR_MS_PER_ROUND_OF_PUTS;
      double processor = lambda(invocations, processorMs, processorMb);
      // 1 WRU for the item and 1 for each index projecting it (by-category, by-time); a new
      // session adds a 1-WRU claim and an eventually consistent 0.5-RRU read.
      double writeUnits = 1e6 * (3 * Math.ceil(MESSAGE_KB) + 1 / EVENTS_PER_SESSION);
      double readUnits = 1e6 * 0.5 / EVENTS_PER_SESSION;
      double dynamoDb =
          writeUnits / 1e6 * DYNAMODB_PER_MILLION_WRITE_UNITS
              + readUnits / 1e6 * DYNAMODB_PER_MILLION_READ_UNITS;
      System.out.printf(
          "| %s | $%.3f | $%.3f | $%.3f | $%.3f | $%.3f | **$%.2f** |%n",
          perRequest == 1 ? "single-event posts" : "arrays of " + perRequest,
          api,
          ingest,
          sqs,
          processor,
          dynamoDb,
          api + ingest + sqs + processor + dynamoDb);
    }
    System.out.printf(
        "%nIngest %.0f ms per single-event request, %.0f ms per SQS call in a batch;"
            + " processor %.0f ms per batch of %d. Estimates: see CostTable.%n",
        INGEST_MS_SINGLE,
        INGEST_MS_PER_SQS_CALL,
        PROCESSOR_MS_FIXED
            + Math.ceil((double) batchSize / concurrency) * PROCESSOR_MS_PER_ROUND_OF_PUTS,
        batchSize);
  }

  /** Requests plus GB-seconds; Lambda bills duration in 1 ms steps. */
  static double lambda(double invocations, double ms, int memoryMb) {
    double gbSeconds = invocations * Math.ceil(ms) / 1000 * memoryMb / 1024.0;
    return invocations / 1e6 * LAMBDA_PER_MILLION_REQUESTS + gbSeconds * LAMBDA_PER_GB_SECOND;
  }

  /** A parameter's {@code Default:} in template.yaml. */
  static int defaultOf(String template, String parameter) {
    Matcher m =
        Pattern.compile("\\n  " + parameter + ":\\n(?:    .*\\n)*?    Default: (\\d+)")
            .matcher(template);
    if (!m.find()) {
      throw new IllegalStateException("template.yaml has no default for " + parameter);
    }
    return Integer.parseInt(m.group(1));
  }
}

package com.theeye.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a million events cost on AWS with template.yaml's defaults, for single-event posts and for
 * array bodies of 10, 20 (what the SDKs send) and 100 events, and a month of steady 1,000 events/s.
 * Prices are us-east-1 list prices without free tiers; where each comes from, and when it was read,
 * is in docs/PERFORMANCE.md. Durations are estimates (see below), not AWS measurements: change them
 * here when real numbers exist.
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
  // function's CPU share is microseconds (JMH: ~6-16 us an event); its time is one SQS round trip,
  // ~5-10 ms in a region: an array is packed into one message, so one SendMessage whatever its
  // size. The processor stores BatchConcurrency (8) events at a time, ~5-8 ms per conditional
  // PutItem, over the events of all messages of a batch.
  static final double INGEST_MS_PER_SQS_CALL = 12;
  static final double INGEST_MS_PER_EVENT = 0.016;
  static final double PROCESSOR_MS_FIXED = 10;
  static final double PROCESSOR_MS_PER_ROUND_OF_PUTS = 7;

  /** SQS's message size (a queue's default MaximumMessageSize) and its billing chunk. */
  static final double SQS_MESSAGE_KB = 256;

  static final double SQS_BILLING_CHUNK_KB = 64;

  /** Write units per stored event of at most 1 KB: the item and its one index (by-category). */
  static final int WRITE_UNITS_PER_EVENT = 2;

  /**
   * A Segment message as stored: its {@code segment} fields (analytics.js's {@code context} alone
   * holds the page, user agent, library and locale) make it 1-2 KB, so an item and its index entry
   * take 2 write units each.
   */
  static final double SEGMENT_MESSAGE_KB = 1.5;

  /**
   * Identities items per session of a Segment source: the user id and the anonymous id, each put
   * once per (identity, session) pair an execution environment has not seen; a native event without
   * them puts none.
   */
  static final double IDENTITIES_PER_SESSION = 2;

  /** Write units a Segment message with a messageId adds: its claim in the Sessions table. */
  static final double MESSAGE_ID_CLAIM_WRITE_UNITS = 1;

  /** Steady traffic for the monthly line, and a 30-day month. */
  static final double EVENTS_PER_SECOND = 1000;

  static final double SECONDS_PER_MONTH = 30 * 86_400;

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
            + " **total** | a month at 1,000 events/s |");
    System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (int perRequest : List.of(1, 10, 20, 100)) {
      String label =
          perRequest == 1
              ? "single-event posts"
              : perRequest == 20 ? "batches of 20 (the SDKs)" : "arrays of " + perRequest;
      row(label, perRequest, MESSAGE_KB, 0, 0, ingestMb, processorMb, batchSize, concurrency);
    }
    // What Segment's libraries send: batches of 20 (rudder-sdk-node's flushAt; analytics-node's
    // 15),
    // larger messages, and each session's user and anonymous id recorded once.
    row(
        "Segment batches of 20, user and anonymous id",
        20,
        SEGMENT_MESSAGE_KB,
        IDENTITIES_PER_SESSION,
        MESSAGE_ID_CLAIM_WRITE_UNITS,
        ingestMb,
        processorMb,
        batchSize,
        concurrency);
    System.out.printf(
        "%nIngest %.0f ms per SQS call + %.3f ms per event; processor %.0f ms + %.0f ms per round"
            + " of %d puts. Estimates: see CostTable.%n",
        INGEST_MS_PER_SQS_CALL,
        INGEST_MS_PER_EVENT,
        PROCESSOR_MS_FIXED,
        PROCESSOR_MS_PER_ROUND_OF_PUTS,
        concurrency);
  }

  /**
   * Prints one row of the table.
   *
   * @param messageKb a queued event's size, and its Events item's
   * @param identitiesPerSession Identities items put per session (0 for native events without
   *     identity)
   * @param claimWriteUnits write units an event's messageId claim takes (0 for native events)
   */
  static void row(
      String label,
      int perRequest,
      double messageKb,
      double identitiesPerSession,
      double claimWriteUnits,
      int ingestMb,
      int processorMb,
      int batchSize,
      int concurrency) {
    double requests = 1e6 / perRequest;
    double api = requests / 1e6 * API_PER_MILLION_REQUESTS;
    double requestKb = perRequest * messageKb;
    // One event is one message; an array is packed into as few 256 KB messages as it needs.
    double messagesPerRequest = Math.ceil(requestKb / SQS_MESSAGE_KB);
    double sqsCalls = messagesPerRequest == 1 ? 1 : Math.ceil(messagesPerRequest / 10);
    double ingestMs = sqsCalls * INGEST_MS_PER_SQS_CALL + perRequest * INGEST_MS_PER_EVENT;
    double ingest = lambda(requests, ingestMs, ingestMb);
    double messages = requests * messagesPerRequest;
    // Every 64 KB of a request's payload is billed as one request. Send: one call per request
    // (or per SendMessageBatch of 10 messages). Receive: Lambda's poller takes up to 10 messages
    // a call, at least one billed request per 64 KB received. Delete: one call per 10 messages.
    double send = requests * Math.max(sqsCalls, Math.ceil(requestKb / SQS_BILLING_CHUNK_KB));
    double receive = Math.max(messages / 10, 1e6 * messageKb / SQS_BILLING_CHUNK_KB);
    double delete = messages / 10;
    double sqs = (send + receive + delete) / 1e6 * SQS_PER_MILLION_REQUESTS;
    // A batch holds up to ProcessorBatchSize messages, each with perRequest events.
    double eventsPerInvocation = (double) batchSize * perRequest / messagesPerRequest;
    double invocations = 1e6 / eventsPerInvocation;
    double processorMs =
        PROCESSOR_MS_FIXED
            + Math.ceil(eventsPerInvocation / concurrency) * PROCESSOR_MS_PER_ROUND_OF_PUTS;
    double processor = lambda(invocations, processorMs, processorMb);
    // 1 WRU per KB for the item and again for its index (by-category); a new session adds a
    // 1-WRU claim and an eventually consistent 0.5-RRU read, and 1 WRU per identity recorded for
    // it. The category list's puts (one per category per execution environment) are too few to
    // show.
    double writeUnits =
        1e6
            * (WRITE_UNITS_PER_EVENT * Math.ceil(messageKb)
                + claimWriteUnits
                + (1 + identitiesPerSession) / EVENTS_PER_SESSION);
    double readUnits = 1e6 * 0.5 / EVENTS_PER_SESSION;
    double dynamoDb =
        writeUnits / 1e6 * DYNAMODB_PER_MILLION_WRITE_UNITS
            + readUnits / 1e6 * DYNAMODB_PER_MILLION_READ_UNITS;
    double total = api + ingest + sqs + processor + dynamoDb;
    System.out.printf(
        "| %s | $%.3f | $%.3f | $%.3f | $%.3f | $%.3f | **$%.2f** | $%,.0f |%n",
        label,
        api,
        ingest,
        sqs,
        processor,
        dynamoDb,
        total,
        total * EVENTS_PER_SECOND * SECONDS_PER_MONTH / 1e6);
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

package com.theeye.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.theeye.bench.TrafficMeasurement.Traffic;
import com.theeye.emulators.LocalEmulators;
import com.theeye.event.EventCodec;
import com.theeye.event.ExactJson;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a million events cost on AWS with template.yaml's defaults, for single-event posts, the
 * SDKs' batches of 20 and arrays of 100, with the Events table on demand and provisioned. What the
 * code does per request and per event (SQS calls and billed requests, messages, processor batches,
 * DynamoDB calls and capacity units) is counted on the emulators by {@link TrafficMeasurement}; the
 * functions' CPU per request was measured by {@link MemoryTable}; the time they wait on SQS and
 * DynamoDB is an estimate; prices are {@link AwsPrices}'.
 *
 * <p>Usage: {@code CostTable [--json] [--set Parameter=value ...]}: {@code --set} replaces a
 * template default (e.g. {@code --set Architecture=x86_64 --set IngestMemorySize=1024}).
 */
public final class CostTable {

  // ---- Assumptions (docs/PERFORMANCE.md, section 5).
  /** Average load. */
  static final double EVENTS_PER_SECOND = 100;

  /** Bursts reach this many times the average... */
  static final double BURST_FACTOR = 20;

  /** ...this often. */
  static final double BURSTS_PER_DAY = 1;

  /**
   * After a burst, provisioned capacity stays at the burst's level until utilization has been 20 %
   * or more below the target for 15 consecutive minutes ("Why isn't DynamoDB auto scaling
   * working?", AWS Knowledge Center).
   */
  static final double SCALE_IN_LAG_HOURS = 0.25;

  /** Events sent through the real code for each traffic shape. */
  static final int MEASURED_EVENTS = 2000;

  // ---- CPU, measured by MemoryTable on 2026-12-07 (docs/PERFORMANCE.md, section 8): process CPU
  // time of a warm function in its own JVM, medians of 3 runs, load average 4-14 on two cores. The
  // ingest function's is a + b x events, fitted to its one-event (1.05 ms) and array-of-20 (2.30
  // ms)
  // figures; the processor's, a batch of 100 one-event messages (140 ms) divided by 100.
  static final double INGEST_CPU_MS_PER_REQUEST = 0.984;
  static final double INGEST_CPU_MS_PER_EVENT = 0.0658;
  static final double PROCESSOR_CPU_MS_PER_EVENT = 1.40;

  /** The targets issue 24 set, per million events. */
  static final double TARGET_BATCHES_PROVISIONED = 1.00;

  static final double TARGET_SINGLE_ON_DEMAND = 2.90;

  private static final List<Integer> TRAFFIC = List.of(1, 20, 100);

  /** One row: a traffic shape on a capacity mode, and what its million events cost. */
  record Row(String traffic, String mode, Map<String, Double> parts, Map<String, Double> measured) {
    double perMillion() {
      return parts.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    double part(String prefix) {
      return parts.entrySet().stream()
          .filter(e -> e.getKey().startsWith(prefix))
          .mapToDouble(Map.Entry::getValue)
          .sum();
    }
  }

  private CostTable() {}

  public static void main(String[] args) throws Exception {
    boolean json = false;
    Map<String, String> overrides = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--json")) {
        json = true;
      } else if (args[i].equals("--set") && i + 1 < args.length && args[i + 1].contains("=")) {
        String[] pair = args[++i].split("=", 2);
        overrides.put(pair[0], pair[1]);
      } else {
        throw new IllegalArgumentException(
            "usage: CostTable [--json] [--set Parameter=value ...]; unknown: " + args[i]);
      }
    }
    Settings settings = Settings.fromTemplate(overrides);
    // The emulators may log to standard output; only the table goes there.
    PrintStream out = System.out;
    Map<Integer, Traffic> traffic;
    System.setOut(System.err);
    try (LocalEmulators emulators = LocalEmulators.start(Fixtures.repoRoot(), null)) {
      traffic =
          measure(settings, emulators.sqsEndpoint(), emulators.dynamoDbEndpoint(), MEASURED_EVENTS);
    } finally {
      System.setOut(out);
    }
    List<Row> rows = rows(settings, traffic);
    out.print(json ? json(settings, rows) : markdown(settings, rows));
  }

  /**
   * Each traffic shape, {@code events} events of it, counted on the emulators at these endpoints.
   */
  static Map<Integer, Traffic> measure(Settings settings, URI sqs, URI dynamoDb, int events)
      throws Exception {
    TrafficMeasurement measurement = new TrafficMeasurement(sqs, dynamoDb);
    Map<Integer, Traffic> traffic = new LinkedHashMap<>();
    for (int k : TRAFFIC) {
      traffic.put(
          k,
          measurement.measure(
              k,
              events,
              settings.number("ProcessorBatchSize"),
              settings.number("BatchConcurrency")));
    }
    return traffic;
  }

  static List<Row> rows(Settings settings, Map<Integer, Traffic> traffic) {
    List<Row> rows = new ArrayList<>();
    for (String mode : List.of("on-demand", "provisioned")) {
      for (var measured : traffic.entrySet()) {
        rows.add(row(settings, mode, measured.getKey(), measured.getValue()));
      }
    }
    return rows;
  }

  private static Row row(Settings settings, String mode, int k, Traffic t) {
    LambdaModel lambda = new LambdaModel(settings.text("Architecture"));
    Map<String, Double> parts = new LinkedHashMap<>();
    double requests = t.perEvent(t.requests()) * 1e6;
    parts.put("api_gateway", requests / 1e6 * AwsPrices.API_GATEWAY_PER_MILLION_REQUESTS);

    double ingestMs =
        t.sqsSendCalls() / (double) t.requests() * MemoryTable.SQS_ROUND_TRIP_MS
            + (INGEST_CPU_MS_PER_REQUEST + INGEST_CPU_MS_PER_EVENT * k)
                / LambdaModel.vcpuShare(settings.number("IngestMemorySize"));
    parts.put(
        "ingest_lambda", lambda.cost(requests, ingestMs, settings.number("IngestMemorySize")));

    double sqsRequests = t.perEvent(t.sqsSendBilled() + t.sqsReceiveDeleteBilled()) * 1e6;
    parts.put("sqs", sqsRequests / 1e6 * AwsPrices.SQS_PER_MILLION_REQUESTS);

    double invocations = t.perEvent(t.processorInvocations()) * 1e6;
    double processorMs =
        Math.ceil(t.callsPerInvocation() / settings.number("BatchConcurrency"))
                * MemoryTable.DYNAMODB_ROUND_TRIP_MS
            + PROCESSOR_CPU_MS_PER_EVENT
                * t.eventsPerInvocation()
                / LambdaModel.vcpuShare(settings.number("ProcessorMemorySize"));
    parts.put(
        "processor_lambda",
        lambda.cost(invocations, processorMs, settings.number("ProcessorMemorySize")));

    double unitsPerEvent = t.perEvent(t.eventsWriteUnits());
    if (mode.equals("on-demand")) {
      parts.put(
          "dynamodb_events_writes",
          unitsPerEvent * AwsPrices.DYNAMODB_PER_MILLION_WRITE_REQUEST_UNITS);
    } else {
      parts.putAll(provisioned(settings, unitsPerEvent));
    }
    parts.put(
        "dynamodb_sessions_and_other",
        t.perEvent(t.sessionsWriteUnits() + t.otherWriteUnits())
                * AwsPrices.DYNAMODB_PER_MILLION_WRITE_REQUEST_UNITS
            + t.perEvent(t.readUnits()) * AwsPrices.DYNAMODB_PER_MILLION_READ_REQUEST_UNITS);

    Map<String, Double> measured = new LinkedHashMap<>();
    measured.put("requests_per_event", t.perEvent(t.requests()));
    measured.put(
        "sqs_billed_requests_per_event",
        t.perEvent(t.sqsSendBilled() + t.sqsReceiveDeleteBilled()));
    measured.put("queue_messages_per_request", (double) t.messages() / t.requests());
    measured.put("processor_invocations_per_event", t.perEvent(t.processorInvocations()));
    measured.put("dynamodb_calls_per_invocation", t.callsPerInvocation());
    measured.put("events_table_write_units_per_event", unitsPerEvent);
    measured.put(
        "other_write_units_per_event", t.perEvent(t.sessionsWriteUnits() + t.otherWriteUnits()));
    measured.put("read_units_per_event", t.perEvent(t.readUnits()));
    t.callsByOperation()
        .forEach(
            (operation, calls) ->
                measured.put("dynamodb_" + operation + "_per_event", t.perEvent(calls)));
    measured.put("ingest_ms", ingestMs);
    measured.put("processor_ms", processorMs);
    String name =
        switch (k) {
          case 1 -> "single-event posts";
          case 20 -> "batches of 20";
          default -> "arrays of " + k;
        };
    return new Row(name, mode, parts, measured);
  }

  /**
   * The Events table and its index on provisioned capacity: at the average load, autoscaling keeps
   * the consumed units at the target utilization of the provisioned ones (never below the
   * minimums); after each burst the burst's capacity is paid for the scale-in lag; and the read
   * minimums are paid whether anyone queries or not.
   */
  private static Map<String, Double> provisioned(Settings settings, double unitsPerEvent) {
    double target = settings.number("TableTargetUtilization") / 100.0;
    double millionEventsPerHour = EVENTS_PER_SECOND * 3600 / 1e6;
    double consumed = EVENTS_PER_SECOND * unitsPerEvent; // table and index together
    double writeMinimum = 2.0 * settings.number("EventsWriteCapacityMin");
    double provisioned = Math.max(writeMinimum, consumed / target);
    Map<String, Double> parts = new LinkedHashMap<>();
    parts.put(
        "dynamodb_events_writes",
        provisioned * AwsPrices.DYNAMODB_PER_WCU_HOUR / millionEventsPerHour);
    double burstExtra = Math.max(0, (BURST_FACTOR - 1) * consumed / target);
    parts.put(
        "dynamodb_events_burst_scale_in",
        BURSTS_PER_DAY
            * burstExtra
            * SCALE_IN_LAG_HOURS
            * AwsPrices.DYNAMODB_PER_WCU_HOUR
            / (millionEventsPerHour * 24));
    parts.put(
        "dynamodb_events_read_minimum",
        2.0
            * settings.number("EventsReadCapacityMin")
            * AwsPrices.DYNAMODB_PER_RCU_HOUR
            / millionEventsPerHour);
    return parts;
  }

  private static String markdown(Settings settings, List<Row> rows) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            "template.yaml (%s): %s, ingest %d MB, processor %d MB, processor batch %d, batch"
                + " concurrency %d; provisioned at %d %% target utilization, write minimum %d,"
                + " read minimum %d%n",
            settings.overrides().isEmpty() ? "defaults" : "defaults with " + settings.overrides(),
            settings.text("Architecture"),
            settings.number("IngestMemorySize"),
            settings.number("ProcessorMemorySize"),
            settings.number("ProcessorBatchSize"),
            settings.number("BatchConcurrency"),
            settings.number("TableTargetUtilization"),
            settings.number("EventsWriteCapacityMin"),
            settings.number("EventsReadCapacityMin")));
    out.append(assumptions()).append("\n\n");
    out.append(
        "| per million events | Events table | API Gateway | ingest Lambda | SQS | processor"
            + " Lambda | DynamoDB | **total** | a month at 100 events/s | target |\n");
    out.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
    for (Row row : rows) {
      out.append(
          String.format(
              "| %s | %s | $%.3f | $%.3f | $%.3f | $%.3f | $%.3f | **$%.2f** | $%,.0f | %s |%n",
              row.traffic(),
              row.mode(),
              row.part("api_gateway"),
              row.part("ingest_lambda"),
              row.part("sqs"),
              row.part("processor_lambda"),
              row.part("dynamodb"),
              row.perMillion(),
              row.perMillion() * EVENTS_PER_SECOND * 86_400 * 30 / 1e6,
              target(row)));
    }
    out.append(
        String.format(
            "%nMeasured per traffic (TrafficMeasurement, %d events each): ", MEASURED_EVENTS));
    for (Row row : rows.subList(0, TRAFFIC.size())) {
      out.append(
          String.format(
              "%s: %.2f SQS requests and %.2f Events write units an event, %.1f DynamoDB calls a"
                  + " processor batch, ingest %.1f ms, processor %.0f ms; ",
              row.traffic(),
              row.measured().get("sqs_billed_requests_per_event"),
              row.measured().get("events_table_write_units_per_event"),
              row.measured().get("dynamodb_calls_per_invocation"),
              row.measured().get("ingest_ms"),
              row.measured().get("processor_ms")));
    }
    out.append("\n");
    return out.toString();
  }

  private static String target(Row row) {
    double target;
    if (row.traffic().equals("batches of 20") && row.mode().equals("provisioned")) {
      target = TARGET_BATCHES_PROVISIONED;
    } else if (row.traffic().equals("single-event posts") && row.mode().equals("on-demand")) {
      target = TARGET_SINGLE_ON_DEMAND;
    } else {
      return "";
    }
    return row.perMillion() <= target
        ? String.format("≤ $%.2f: met", target)
        : String.format("≤ $%.2f: missed by $%.2f", target, row.perMillion() - target);
  }

  private static String assumptions() {
    return String.format(
        "Assumptions: average %.0f events/s, bursts to %.0fx %.0f a day, capacity kept %.0f"
            + " minutes after each; %d events a session; %s list prices read %s (AwsPrices);"
            + " waits: SQS %.0f ms, DynamoDB %.0f ms a round trip (estimates).",
        EVENTS_PER_SECOND,
        BURST_FACTOR,
        BURSTS_PER_DAY,
        SCALE_IN_LAG_HOURS * 60,
        TrafficMeasurement.EVENTS_PER_SESSION,
        AwsPrices.REGION,
        AwsPrices.READ_ON,
        MemoryTable.SQS_ROUND_TRIP_MS,
        MemoryTable.DYNAMODB_ROUND_TRIP_MS);
  }

  static String json(Settings settings, List<Row> rows) {
    ObjectNode root = ExactJson.MAPPER.createObjectNode();
    ArrayNode array = root.putArray("rows");
    for (Row row : rows) {
      ObjectNode node = array.addObject();
      node.put("traffic", row.traffic());
      node.put("mode", row.mode());
      node.put("per_million", round(row.perMillion()));
      ObjectNode parts = node.putObject("parts");
      row.parts().forEach((name, dollars) -> parts.put(name, round(dollars)));
      ObjectNode measured = node.putObject("measured");
      row.measured().forEach((name, value) -> measured.put(name, round(value)));
    }
    ObjectNode assumptions = root.putObject("assumptions");
    assumptions.put("events_per_second", EVENTS_PER_SECOND);
    assumptions.put("burst_factor", BURST_FACTOR);
    assumptions.put("bursts_per_day", BURSTS_PER_DAY);
    assumptions.put("scale_in_lag_minutes", SCALE_IN_LAG_HOURS * 60);
    assumptions.put("events_per_session", TrafficMeasurement.EVENTS_PER_SESSION);
    assumptions.put("region", AwsPrices.REGION);
    assumptions.put("prices_read_on", AwsPrices.READ_ON);
    assumptions.put("target_utilization_percent", settings.number("TableTargetUtilization"));
    assumptions.put("architecture", settings.text("Architecture"));
    assumptions.put("ingest_memory_mb", settings.number("IngestMemorySize"));
    assumptions.put("processor_memory_mb", settings.number("ProcessorMemorySize"));
    return EventCodec.write(root) + "\n";
  }

  private static double round(double value) {
    return Math.round(value * 10_000) / 10_000.0;
  }

  /** template.yaml's parameter defaults, some replaced. */
  record Settings(String template, Map<String, String> overrides) {

    static Settings fromTemplate(Map<String, String> overrides) throws IOException {
      Settings defaults =
          new Settings(Files.readString(Fixtures.repoRoot().resolve("template.yaml")), Map.of());
      overrides
          .keySet()
          .forEach(defaults::text); // fails, naming it, on a parameter the template lacks
      return new Settings(defaults.template(), Map.copyOf(overrides));
    }

    String text(String parameter) {
      if (overrides.containsKey(parameter)) {
        return overrides.get(parameter);
      }
      Matcher m =
          Pattern.compile(
                  "\\n  " + parameter + ":\\n(?:    .*\\n)*?    Default: \"?([^\"\\n]+)\"?\\n")
              .matcher(template);
      if (!m.find()) {
        throw new IllegalStateException("template.yaml has no default for " + parameter);
      }
      return m.group(1).strip();
    }

    int number(String parameter) {
      return Integer.parseInt(text(parameter));
    }
  }
}

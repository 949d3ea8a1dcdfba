package com.theeye.metrics;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.theeye.event.ExactJson;
import com.theeye.log.LogLine;
import com.theeye.log.LogLine.Level;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One CloudWatch embedded-metric-format line: a log line that CloudWatch Logs also turns into
 * metrics (AWS's "Specification: Embedded metric format"), so the functions publish their counts
 * without a library and without a PutMetricData call on the request path. Counts, and the odd age
 * in seconds, in one namespace, under one set of dimensions; written once per invocation.
 */
public final class MetricLine {

  private final String namespace;
  private final Instant time;
  private final Map<String, String> dimensions = new LinkedHashMap<>();
  private final Map<String, Value> values = new LinkedHashMap<>();

  /** One metric's value and its CloudWatch unit. */
  private record Value(long amount, String unit) {}

  /**
   * @param namespace CloudWatch namespace, e.g. {@code TheEye/the-eye}
   * @param time when the counted things happened (the metric's timestamp)
   */
  public MetricLine(String namespace, Instant time) {
    if (namespace == null || namespace.isBlank()) {
      throw new IllegalArgumentException("a metric namespace must not be blank");
    }
    this.namespace = namespace;
    this.time = Objects.requireNonNull(time, "time");
  }

  /**
   * A dimension every count of the line is published under. Only for values the function controls
   * or has verified (a trusted application's id): each distinct value is a metric of its own.
   */
  public MetricLine dimension(String name, String value) {
    dimensions.put(name, Objects.requireNonNull(value, name));
    return this;
  }

  /** A count, unit Count; zero is published too, so a quiet minute shows as 0, not as a gap. */
  public MetricLine count(String metric, long value) {
    return put(metric, new Value(value, "Count"));
  }

  /** A duration or age in whole seconds, unit Seconds. */
  public MetricLine seconds(String metric, long value) {
    return put(metric, new Value(value, "Seconds"));
  }

  private MetricLine put(String metric, Value value) {
    if (dimensions.containsKey(metric)) {
      throw new IllegalArgumentException(metric + " is already a dimension of this line");
    }
    values.put(metric, value);
    return this;
  }

  /** The line: {@code level}, {@code message}, the {@code _aws} directive, dimensions, counts. */
  public String json() {
    if (values.isEmpty()) {
      throw new IllegalStateException("a metric line needs at least one count");
    }
    ObjectNode directive = ExactJson.MAPPER.createObjectNode();
    directive.put("Namespace", namespace);
    ArrayNode dimensionSet = directive.putArray("Dimensions").addArray();
    dimensions.keySet().forEach(dimensionSet::add);
    ArrayNode metrics = directive.putArray("Metrics");
    values.forEach(
        (name, value) -> metrics.addObject().put("Name", name).put("Unit", value.unit()));

    ObjectNode aws = ExactJson.MAPPER.createObjectNode();
    aws.put("Timestamp", time.toEpochMilli());
    aws.putArray("CloudWatchMetrics").add(directive);

    LogLine line = new LogLine(Level.INFO, "metrics").with("_aws", aws);
    dimensions.forEach(line::with);
    values.forEach((name, value) -> line.with(name, value.amount()));
    return line.json();
  }

  @Override
  public String toString() {
    return json();
  }
}

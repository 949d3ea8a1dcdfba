package com.theeye.accounting;

import com.fasterxml.jackson.databind.JsonNode;
import com.theeye.metrics.MetricLine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The embedded-metric-format lines a {@link MinuteTally} is published as, and the tally read back
 * from them: the one place that names the metrics' dimensions. Each line's {@code Timestamp} is the
 * minute the events were received in, not the time it is written, so CloudWatch files a late
 * outcome (a retry, a redrive) under the minute it reconciles; CloudWatch takes metric timestamps
 * up to two weeks old (Powertools for AWS Lambda's EMF_MAX_TIMESTAMP_PAST_AGE, after the
 * PutMetricData API reference's limit), longer than anything stays on the queues.
 *
 * <p>One line per application and minute with dimension {@code Application} and every count that is
 * not zero; one more per reason of the invalid and revalidated events, with dimensions {@code
 * Application} and {@code Reason}. Zeros are left out: a minute without a count reads as 0.
 */
public final class AccountingLines {

  /** The dimension every accounting metric has. */
  public static final String APPLICATION = "Application";

  /** The second dimension of the per-reason lines. */
  public static final String REASON = "Reason";

  /**
   * The dimension the totals are rolled up under, every application's added up ({@link
   * MetricLine#rolledUpAs}): what the stack's unreconciled-events alarm reads.
   */
  public static final String ROLL_UP = "Accounting";

  /** The roll-up dimension's one value. */
  public static final String ALL_APPLICATIONS = "AllApplications";

  private AccountingLines() {}

  /** The tally's lines; none when it counts nothing. */
  public static List<MetricLine> of(String namespace, MinuteTally tally) {
    List<MetricLine> lines = new ArrayList<>();
    if (tally.isEmpty()) {
      return lines;
    }
    String application = tally.application().toString();
    MetricLine totals =
        new MetricLine(namespace, tally.minute())
            .dimension(APPLICATION, application)
            .rolledUpAs(ROLL_UP, ALL_APPLICATIONS);
    for (AccountingMetric metric : AccountingMetric.values()) {
      long count = tally.count(metric);
      if (count != 0) {
        totals.count(metric.metricName(), count);
      }
    }
    lines.add(totals);
    Map<String, MetricLine> perReason = new TreeMap<>();
    for (AccountingMetric metric : AccountingMetric.values()) {
      tally
          .byReason(metric)
          .forEach(
              (reason, count) ->
                  perReason
                      .computeIfAbsent(
                          reason,
                          r ->
                              new MetricLine(namespace, tally.minute())
                                  .dimension(APPLICATION, application)
                                  .dimension(REASON, r))
                      .count(metric.metricName(), count));
    }
    lines.addAll(perReason.values());
    return lines;
  }

  /**
   * What an accounting line counts, read back: empty for any other line (a request's log line, the
   * processor's batch totals, which have no {@code Application}).
   */
  public static Optional<MinuteTally> read(JsonNode line) {
    JsonNode aws = line.path("_aws");
    JsonNode directive = aws.path("CloudWatchMetrics").path(0);
    if (!aws.path("Timestamp").canConvertToLong() || !directive.isObject()) {
      return Optional.empty();
    }
    List<String> dimensions = new ArrayList<>();
    directive.path("Dimensions").path(0).forEach(name -> dimensions.add(name.asText()));
    boolean totals = dimensions.equals(List.of(APPLICATION));
    boolean reasons = dimensions.equals(List.of(APPLICATION, REASON));
    if (!totals && !reasons) {
      return Optional.empty();
    }
    UUID application;
    try {
      application = UUID.fromString(line.path(APPLICATION).asText());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    MinuteTally tally =
        new MinuteTally(application, Instant.ofEpochMilli(aws.path("Timestamp").asLong()));
    for (JsonNode metric : directive.path("Metrics")) {
      Optional<AccountingMetric> known =
          AccountingMetric.ofMetricName(metric.path("Name").asText());
      JsonNode value = line.path(metric.path("Name").asText());
      if (known.isEmpty() || !value.canConvertToLong()) {
        continue;
      }
      if (totals) {
        tally.add(known.get(), value.asLong());
      } else if (known.get().byReason()) {
        tally.addReasonOnly(known.get(), line.path(REASON).asText(), value.asLong());
      }
    }
    return Optional.of(tally);
  }
}

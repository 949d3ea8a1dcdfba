package com.theeye.query;

import com.theeye.accounting.AccountingLines;
import com.theeye.accounting.AccountingMetric;
import com.theeye.accounting.AccountingReader;
import com.theeye.accounting.MinuteTally;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.DimensionFilter;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;

/**
 * The accounting read back from the metric lines the functions log ({@link AccountingLines}): one
 * GetMetricData (its paginator following {@code NextToken}), a {@code Sum} per minute of each
 * metric with the {@code Application} dimension, and of each {@code Reason} ListMetrics finds for
 * the application. CloudWatch keeps one-minute data for 15 days and lists metrics that had data in
 * the last two weeks ("Metrics retention" and ListMetrics, Amazon CloudWatch API Reference): older
 * minutes come back as CloudWatch then keeps them, the reasons of older invalid events not at all.
 */
final class CloudWatchAccounting implements AccountingReader {

  private static final List<AccountingMetric> TOTALS =
      List.of(
          AccountingMetric.ACCEPTED,
          AccountingMetric.STORED,
          AccountingMetric.INVALID,
          AccountingMetric.DUPLICATE,
          AccountingMetric.SUPPRESSED,
          AccountingMetric.DEAD_LETTERED,
          AccountingMetric.REVALIDATED);

  private final CloudWatchClient cloudWatch;
  private final String namespace;

  CloudWatchAccounting(CloudWatchClient cloudWatch, String namespace) {
    this.cloudWatch = cloudWatch;
    this.namespace = namespace;
  }

  @Override
  public List<MinuteTally> read(UUID application, Instant from, Instant to) {
    Map<String, Count> queries = new HashMap<>();
    List<MetricDataQuery> asked = new ArrayList<>();
    for (AccountingMetric metric : TOTALS) {
      String id = "m" + asked.size();
      queries.put(id, new Count(metric, null));
      asked.add(query(id, metric, application, null));
    }
    for (AccountingMetric metric :
        List.of(AccountingMetric.INVALID, AccountingMetric.REVALIDATED)) {
      for (String reason : reasons(metric, application)) {
        String id = "m" + asked.size();
        queries.put(id, new Count(metric, reason));
        asked.add(query(id, metric, application, reason));
      }
    }
    Map<Instant, MinuteTally> minutes = new TreeMap<>();
    cloudWatch
        .getMetricDataPaginator(
            b ->
                b.startTime(from)
                    .endTime(to)
                    .scanBy(ScanBy.TIMESTAMP_ASCENDING)
                    .metricDataQueries(asked))
        .metricDataResults()
        .forEach(result -> add(result, queries.get(result.id()), application, minutes));
    return minutes.values().stream().filter(tally -> !tally.isEmpty()).toList();
  }

  /** What one query counts: a metric's total, or its count for one reason. */
  private record Count(AccountingMetric metric, String reason) {}

  private static void add(
      MetricDataResult result, Count count, UUID application, Map<Instant, MinuteTally> minutes) {
    if (count == null) {
      return;
    }
    for (int i = 0; i < result.timestamps().size(); i++) {
      Instant minute = MinuteTally.minuteOf(result.timestamps().get(i));
      long value = Math.round(result.values().get(i));
      MinuteTally tally =
          minutes.computeIfAbsent(minute, m -> new MinuteTally(application, minute));
      if (count.reason() == null) {
        tally.add(count.metric(), value);
      } else {
        tally.addReasonOnly(count.metric(), count.reason(), value);
      }
    }
  }

  private List<String> reasons(AccountingMetric metric, UUID application) {
    List<String> reasons = new ArrayList<>();
    cloudWatch
        .listMetricsPaginator(
            b ->
                b.namespace(namespace)
                    .metricName(metric.metricName())
                    .dimensions(
                        DimensionFilter.builder()
                            .name(AccountingLines.APPLICATION)
                            .value(application.toString())
                            .build(),
                        DimensionFilter.builder().name(AccountingLines.REASON).build()))
        .metrics()
        .forEach(
            found ->
                found.dimensions().stream()
                    .filter(d -> d.name().equals(AccountingLines.REASON))
                    .map(Dimension::value)
                    .forEach(reasons::add));
    return reasons.stream().distinct().sorted().toList();
  }

  private MetricDataQuery query(
      String id, AccountingMetric metric, UUID application, String reason) {
    List<Dimension> dimensions = new ArrayList<>();
    dimensions.add(
        Dimension.builder()
            .name(AccountingLines.APPLICATION)
            .value(application.toString())
            .build());
    if (reason != null) {
      dimensions.add(Dimension.builder().name(AccountingLines.REASON).value(reason).build());
    }
    Metric cloudWatchMetric =
        Metric.builder()
            .namespace(namespace)
            .metricName(metric.metricName())
            .dimensions(dimensions)
            .build();
    return MetricDataQuery.builder()
        .id(id)
        .metricStat(s -> s.metric(cloudWatchMetric).period(60).stat("Sum"))
        .returnData(true)
        .build();
  }
}

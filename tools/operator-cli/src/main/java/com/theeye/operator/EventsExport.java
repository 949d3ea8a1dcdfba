package com.theeye.operator;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.ExportFormat;
import software.amazon.awssdk.services.dynamodb.model.ExportTableToPointInTimeRequest;
import software.amazon.awssdk.services.dynamodb.model.ExportType;
import software.amazon.awssdk.services.dynamodb.model.ExportViewType;

/**
 * One export of the Events table to S3 in DynamoDB JSON, DynamoDB's own export from point-in-time
 * recovery ("ExportTableToPointInTime", Amazon DynamoDB API reference): the whole table as of now,
 * or, with {@code from}, what changed from then (an incremental export: at least 15 minutes and at
 * most 24 hours, per DynamoDB's export guide; a longer gap takes several runs, each from where the
 * last ended).
 *
 * @param bucket the S3 bucket
 * @param prefix the key prefix in it, without a trailing slash; may be empty
 * @param from where an incremental export starts; empty for a full export
 */
record EventsExport(String bucket, String prefix, Optional<Instant> from) {

  static final Duration SHORTEST_INCREMENT = Duration.ofMinutes(15);
  static final Duration LONGEST_INCREMENT = Duration.ofHours(24);

  EventsExport {
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(from, "from");
  }

  /**
   * Reads {@code s3://bucket/prefix}.
   *
   * @throws IllegalArgumentException naming the value when it is no such URI
   */
  static EventsExport to(String s3Uri, Optional<Instant> from) {
    if (!s3Uri.startsWith("s3://") || s3Uri.length() == "s3://".length()) {
      throw new IllegalArgumentException("--to must be s3://bucket/prefix, not " + s3Uri);
    }
    String path = s3Uri.substring("s3://".length());
    int slash = path.indexOf('/');
    String bucket = slash < 0 ? path : path.substring(0, slash);
    String prefix = slash < 0 ? "" : path.substring(slash + 1).replaceAll("/+$", "");
    if (bucket.isEmpty()) {
      throw new IllegalArgumentException("--to names no bucket: " + s3Uri);
    }
    return new EventsExport(bucket, prefix, from);
  }

  /**
   * Where an incremental export ends: 24 hours after {@code from}, or now if sooner.
   *
   * @throws IllegalArgumentException when {@code from} is less than 15 minutes before now
   */
  Instant until(Instant now) {
    Instant start = from.orElseThrow();
    if (Duration.between(start, now).compareTo(SHORTEST_INCREMENT) < 0) {
      throw new IllegalArgumentException(
          "--from must be at least 15 minutes ago for an incremental export: " + start);
    }
    Instant end = start.plus(LONGEST_INCREMENT);
    return end.isBefore(now) ? end : now;
  }

  /**
   * The request for {@code tableArn}. The client token makes a retried call start one export, not
   * two: DynamoDB keeps it for 8 hours.
   */
  ExportTableToPointInTimeRequest request(String tableArn, Instant now, String clientToken) {
    ExportTableToPointInTimeRequest.Builder request =
        ExportTableToPointInTimeRequest.builder()
            .tableArn(tableArn)
            .s3Bucket(bucket)
            .exportFormat(ExportFormat.DYNAMODB_JSON)
            .clientToken(clientToken);
    if (!prefix.isEmpty()) {
      request.s3Prefix(prefix);
    }
    if (from.isEmpty()) {
      return request.exportType(ExportType.FULL_EXPORT).exportTime(now).build();
    }
    Instant until = until(now);
    return request
        .exportType(ExportType.INCREMENTAL_EXPORT)
        .incrementalExportSpecification(
            s ->
                s.exportFromTime(from.get())
                    .exportToTime(until)
                    .exportViewType(ExportViewType.NEW_IMAGE))
        .build();
  }
}

package com.theeye.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.ExportFormat;
import software.amazon.awssdk.services.dynamodb.model.ExportTableToPointInTimeRequest;
import software.amazon.awssdk.services.dynamodb.model.ExportType;
import software.amazon.awssdk.services.dynamodb.model.ExportViewType;

class EventsExportTest {

  private static final String TABLE_ARN =
      "arn:aws:dynamodb:eu-west-1:123456789012:table/the-eye-EventsTable-ABC";
  private static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");

  @Test
  void withoutFromExportsTheWholeTableAsOfNowInDynamoDbJson() {
    ExportTableToPointInTimeRequest request =
        EventsExport.to("s3://lake-bucket/the-eye/events/", Optional.empty())
            .request(TABLE_ARN, NOW, "token-1");

    assertEquals(TABLE_ARN, request.tableArn());
    assertEquals("lake-bucket", request.s3Bucket());
    assertEquals("the-eye/events", request.s3Prefix());
    assertEquals(ExportFormat.DYNAMODB_JSON, request.exportFormat());
    assertEquals(ExportType.FULL_EXPORT, request.exportType());
    assertEquals(NOW, request.exportTime());
    assertEquals("token-1", request.clientToken());
    assertNull(request.incrementalExportSpecification());
  }

  @Test
  void withFromExportsWhatChangedSinceThenAsNewImages() {
    Instant from = NOW.minusSeconds(6 * 3600);

    ExportTableToPointInTimeRequest request =
        EventsExport.to("s3://lake-bucket", Optional.of(from)).request(TABLE_ARN, NOW, "t");

    assertEquals(ExportType.INCREMENTAL_EXPORT, request.exportType());
    assertEquals(from, request.incrementalExportSpecification().exportFromTime());
    assertEquals(NOW, request.incrementalExportSpecification().exportToTime());
    assertEquals(
        ExportViewType.NEW_IMAGE, request.incrementalExportSpecification().exportViewType());
    assertNull(request.s3Prefix(), "no prefix: the bucket's root");
    assertNull(request.exportTime());
  }

  @Test
  void anIncrementalExportSpansAtMostADay() {
    Instant from = NOW.minusSeconds(3 * 86_400);

    ExportTableToPointInTimeRequest request =
        EventsExport.to("s3://b/p", Optional.of(from)).request(TABLE_ARN, NOW, "t");

    assertEquals(from.plusSeconds(86_400), request.incrementalExportSpecification().exportToTime());
  }

  @Test
  void refusesAnIncrementalExportOfUnderFifteenMinutes() {
    EventsExport export = EventsExport.to("s3://b/p", Optional.of(NOW.minusSeconds(600)));

    assertThrows(IllegalArgumentException.class, () -> export.request(TABLE_ARN, NOW, "t"));
  }

  @Test
  void refusesWhatIsNotAnS3Uri() {
    assertThrows(
        IllegalArgumentException.class, () -> EventsExport.to("lake-bucket/x", Optional.empty()));
    assertThrows(IllegalArgumentException.class, () -> EventsExport.to("s3://", Optional.empty()));
  }

  @Test
  void theCommandLineNeedsStackAndToAndReadsFromAsAnInstant() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream errors = new PrintStream(err, true, StandardCharsets.UTF_8);

    int missingTo = ExportCli.run(List.of("--stack", "eye"), Map.of(), System.out, errors);
    int badFrom =
        ExportCli.run(
            List.of("--stack", "eye", "--to", "s3://b", "--from", "yesterday"),
            Map.of(),
            System.out,
            errors);

    assertEquals(ApplicationsCli.USAGE, missingTo);
    assertEquals(ApplicationsCli.USAGE, badFrom);
    String printed = err.toString(StandardCharsets.UTF_8);
    assertTrue(printed.contains("--stack and --to are required"), printed);
    assertTrue(printed.contains("ISO-8601"), printed);
  }
}

package com.theeye.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.theeye.bench.CostTable.Row;
import com.theeye.bench.CostTable.Settings;
import com.theeye.bench.TrafficMeasurement.Traffic;
import com.theeye.event.ExactJson;
import com.theeye.testsupport.AwsEmulators;
import com.theeye.testsupport.AwsTestEnvironment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * `make cost` counts what the code does on the emulators and prices it: one row per traffic shape
 * and capacity mode, its parts adding up to its total, and the provisioned batches within issue
 * 24's dollar. Fewer events than `make cost` sends, so it runs in seconds; the counts per event are
 * the same.
 */
@ExtendWith(AwsEmulators.class)
class CostTableTest {

  private static List<Row> rows;
  private static Map<Integer, Traffic> traffic;
  private static Settings settings;

  @BeforeAll
  static void countOnTheEmulators(AwsTestEnvironment aws) throws Exception {
    settings = Settings.fromTemplate(Map.of());
    traffic = CostTable.measure(settings, aws.sqsEndpoint(), aws.dynamoDbEndpoint(), 400);
    rows = CostTable.rows(settings, traffic);
  }

  @Test
  void aRowForEachTrafficShapeOnEachCapacityMode() throws Exception {
    JsonNode json = ExactJson.MAPPER.readTree(CostTable.json(settings, rows));
    List<String> shapes = new ArrayList<>();
    for (JsonNode row : json.path("rows")) {
      shapes.add(row.path("traffic").asText() + " / " + row.path("mode").asText());
      double parts = 0;
      for (JsonNode dollars : (Iterable<JsonNode>) row.path("parts")::elements) {
        parts += dollars.asDouble();
      }
      assertEquals(row.path("per_million").asDouble(), parts, 0.001, row.toString());
    }
    assertEquals(
        List.of(
            "single-event posts / on-demand",
            "batches of 20 / on-demand",
            "arrays of 100 / on-demand",
            "single-event posts / provisioned",
            "batches of 20 / provisioned",
            "arrays of 100 / provisioned"),
        shapes);
  }

  /**
   * An event of well under 1 KB: one unit for the item, one for the by-category index, and a few
   * units in all for the category list (one put per category per execution environment).
   */
  @Test
  void everyStoredEventWritesTwoUnitsAndAnArrayIsOneMessage() {
    for (Traffic measured : traffic.values()) {
      double units = measured.perEvent(measured.eventsWriteUnits());
      assertTrue(units >= 2.0 && units < 2.05, units + " write units an event: " + measured);
      assertEquals(measured.requests(), measured.messages(), measured.toString());
      assertEquals(measured.requests(), measured.sqsSendCalls(), measured.toString());
    }
  }

  @Test
  void theSdksBatchesOnProvisionedTablesCostAtMostADollarAMillion() {
    Row batches =
        rows.stream()
            .filter(r -> r.traffic().equals("batches of 20") && r.mode().equals("provisioned"))
            .findFirst()
            .orElseThrow();
    assertTrue(batches.perMillion() <= CostTable.TARGET_BATCHES_PROVISIONED, batches.toString());
  }
}

package com.theeye.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.theeye.emulators.Tables;
import com.theeye.store.TableLayout;
import com.theeye.store.TableNames;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;

/**
 * The deployed tables are the ones the code and the emulator tests create from {@link TableLayout}:
 * one per {@link TableNames} component ({@code invalidEvents}: {@code InvalidEventsTable}), made as
 * {@link Tables#all} makes it, so a table added to the code is checked here the day it is added.
 */
class TableLayoutConformanceTest {

  /**
   * The table whose items never expire: the deletions' audit records (who asked, when, the counts)
   * are kept for good, whatever RetentionDays says.
   */
  private static final String AUDIT_TABLE = "DeletionsTable";

  private static final Map<String, CreateTableRequest> LAYOUT = layout();

  private final SamTemplate template = Templates.theTemplate();

  /** Each table of {@link Tables#all}, by the logical id its {@link TableNames} component gives. */
  private static Map<String, CreateTableRequest> layout() {
    TableNames names = TableNames.withPrefix("any");
    Map<String, CreateTableRequest> byName = new TreeMap<>();
    Tables.all(names).forEach(request -> byName.put(request.tableName(), request));
    Map<String, CreateTableRequest> layout = new TreeMap<>();
    for (RecordComponent component : TableNames.class.getRecordComponents()) {
      String tableName;
      try {
        tableName = (String) component.getAccessor().invoke(names);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot read TableNames." + component.getName(), e);
      }
      CreateTableRequest request = byName.get(tableName);
      if (request == null) {
        throw new AssertionError("Tables.all creates no table named TableNames." + component);
      }
      String name = component.getName();
      layout.put(Character.toUpperCase(name.charAt(0)) + name.substring(1) + "Table", request);
    }
    assertEquals(byName.size(), layout.size(), "every table Tables.all creates has a name");
    return layout;
  }

  static Stream<Arguments> tables() {
    return LAYOUT.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @Test
  void templateDeclaresExactlyTheLayoutsTables() {
    assertEquals(
        new TreeSet<>(LAYOUT.keySet()),
        new TreeSet<>(template.resourcesOfType("AWS::DynamoDB::Table")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tables")
  void keysMatchTheLayout(String logicalId, CreateTableRequest layout) {
    Map<String, Object> table = template.properties(logicalId);

    // The layout's billing mode is the default's (on demand); PROVISIONED is
    // TranslatedCapacityTest's.
    TemplateLogic defaults = TemplateLogic.of(Map.of());
    assertEquals(
        layout.billingModeAsString(),
        defaults
            .resolve(defaults.resources().get(logicalId).path("Properties").path("BillingMode"))
            .asText());
    assertEquals(
        layout.attributeDefinitions().stream()
            .map(a -> a.attributeName() + ":" + a.attributeTypeAsString())
            .collect(toSortedSet()),
        maps(table.get("AttributeDefinitions")).stream()
            .map(a -> a.get("AttributeName") + ":" + a.get("AttributeType"))
            .collect(toSortedSet()));
    assertEquals(
        layout.keySchema().stream()
            .map(k -> k.attributeName() + ":" + k.keyTypeAsString())
            .toList(),
        keySchema(table.get("KeySchema")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tables")
  void globalSecondaryIndexesMatchTheLayout(String logicalId, CreateTableRequest layout) {
    Map<String, String> expected = new TreeMap<>();
    layout
        .globalSecondaryIndexes()
        .forEach(
            index ->
                expected.put(
                    index.indexName(),
                    index.keySchema().stream()
                            .map(k -> k.attributeName() + ":" + k.keyTypeAsString())
                            .toList()
                        + " "
                        + index.projection().projectionTypeAsString()));
    Map<String, String> actual = new TreeMap<>();
    for (Map<String, Object> index :
        maps(template.properties(logicalId).get("GlobalSecondaryIndexes"))) {
      actual.put(
          (String) index.get("IndexName"),
          keySchema(index.get("KeySchema"))
              + " "
              + SamTemplate.asMap(index.get("Projection"), "Projection").get("ProjectionType"));
    }
    assertEquals(expected, actual);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tables")
  void itemsExpireByTheLayoutsTtlAttributeButTheAuditsNever(
      String logicalId, CreateTableRequest layout) {
    Object ttl = template.properties(logicalId).get("TimeToLiveSpecification");
    if (logicalId.equals(AUDIT_TABLE)) {
      assertNull(ttl, "the deletions' audit is kept for good: no TTL");
    } else {
      assertEquals(Map.of("AttributeName", TableLayout.EXPIRES_AT, "Enabled", true), ttl);
    }
  }

  @Test
  void theAuditTableIsATableOfTheLayout() {
    assertTrue(LAYOUT.containsKey(AUDIT_TABLE), LAYOUT.keySet().toString());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tables")
  void pointInTimeRecoveryIsOn(String logicalId, CreateTableRequest layout) {
    assertEquals(
        Map.of("PointInTimeRecoveryEnabled", true),
        template.properties(logicalId).get("PointInTimeRecoverySpecification"));
  }

  private static List<String> keySchema(Object keySchema) {
    return maps(keySchema).stream()
        .map(k -> k.get("AttributeName") + ":" + k.get("KeyType"))
        .toList();
  }

  private static List<Map<String, Object>> maps(Object list) {
    return SamTemplate.asList(list).stream()
        .map(item -> SamTemplate.asMap(item, "list item"))
        .toList();
  }

  private static java.util.stream.Collector<String, ?, Set<String>> toSortedSet() {
    return java.util.stream.Collectors.toCollection(TreeSet::new);
  }
}

package com.theeye.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.theeye.store.ApplicationItems;
import com.theeye.store.TableNames;
import com.theeye.store.TrustedApplication;
import com.theeye.testsupport.AwsEmulators;
import com.theeye.testsupport.AwsTestEnvironment;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@ExtendWith(AwsEmulators.class)
class TrustedApplicationRegistryTest {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  private AwsTestEnvironment aws;
  private TableNames tables;
  private TrustedApplicationRegistry registry;

  @BeforeEach
  void createTables(AwsTestEnvironment aws) {
    this.aws = aws;
    this.tables = aws.createTables();
    this.registry =
        new TrustedApplicationRegistry(
            aws.dynamoDb(), tables.applications(), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @Test
  void addStoresAnEnabledApplicationAsTheIngestFunctionReadsIt() {
    TrustedApplication added = registry.add("shop");

    Map<String, AttributeValue> item = item(added.id());
    assertEquals("shop", item.get(ApplicationItems.NAME).s());
    assertEquals(true, item.get(ApplicationItems.ENABLED).bool());
    assertEquals("2026-03-01T12:00:00Z", item.get(ApplicationItems.CREATED_AT).s());
  }

  @Test
  void addGivesEachApplicationItsOwnId() {
    assertFalse(registry.add("shop").id().equals(registry.add("shop").id()));
  }

  @Test
  void listShowsEveryApplicationOldestFirst() {
    UUID older = aws.registerApplication(tables, "blog", false);
    TrustedApplication newer = registry.add("shop");

    List<TrustedApplication> listed = registry.list();

    assertEquals(List.of(older, newer.id()), listed.stream().map(TrustedApplication::id).toList());
    assertEquals(List.of(false, true), listed.stream().map(TrustedApplication::enabled).toList());
  }

  @Test
  void listOfAnEmptyTableIsEmpty() {
    assertEquals(List.of(), registry.list());
  }

  @Test
  void disableMarksTheApplicationUntrustedAndEnableTrustsItAgain() {
    UUID id = registry.add("shop").id();

    assertFalse(registry.disable(id).enabled());
    assertEquals(false, item(id).get(ApplicationItems.ENABLED).bool());

    assertTrue(registry.enable(id).enabled());
    assertEquals(true, item(id).get(ApplicationItems.ENABLED).bool());
    assertEquals("shop", item(id).get(ApplicationItems.NAME).s(), "other attributes are kept");
  }

  @Test
  void disablingAnUnknownIdFailsNamingItAndCreatesNothing() {
    UUID unknown = UUID.randomUUID();

    var e = assertThrows(UnknownApplicationException.class, () -> registry.disable(unknown));

    assertTrue(e.getMessage().contains(unknown.toString()), e.getMessage());
    assertEquals(List.of(), registry.list());
  }

  @Test
  void enablingAnUnknownIdFails() {
    assertThrows(UnknownApplicationException.class, () -> registry.enable(UUID.randomUUID()));
  }

  @Test
  void rejectsABlankName() {
    assertThrows(IllegalArgumentException.class, () -> registry.add(" "));
  }

  private Map<String, AttributeValue> item(UUID id) {
    return aws.dynamoDb()
        .getItem(
            b ->
                b.tableName(tables.applications())
                    .consistentRead(true)
                    .key(ApplicationItems.key(id)))
        .item();
  }
}

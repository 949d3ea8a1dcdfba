package com.theeye.store;

import static com.theeye.store.Attributes.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/** The subject items' attributes a receipt's lookup reads: when a deletion covers an event. */
class DeletionItemsTest {

  private static final UUID APPLICATION = UUID.fromString("0e302fce-66ad-4721-911e-0ab9d33697bf");
  private static final UUID SESSION = UUID.fromString("e2085be5-9137-4e4e-80b5-f1ffddc25423");
  private static final Instant REQUESTED = Instant.parse("2026-12-07T17:00:00Z");

  @Test
  void startRecordsWhenTheDeletionWasRequestedForEverySubject() {
    for (DeletionSubject subject :
        new DeletionSubject[] {
          DeletionSubject.user(APPLICATION, "42"),
          DeletionSubject.anonymous(APPLICATION, "device-7"),
          DeletionSubject.session(SESSION)
        }) {
      UpdateItemRequest start =
          DeletionItems.start("deletions", subject, UUID.randomUUID(), REQUESTED);

      assertEquals(
          s("2026-12-07T17:00:00.000000Z"),
          start.expressionAttributeValues().get(":" + DeletionItems.REQUESTED_AT),
          subject.kind().wireName());
      assertTrue(
          start.updateExpression().contains("#requested_at = :requested_at"),
          start.updateExpression());
    }
  }

  @Test
  void aSuppressedPersonCoversEveryEvent() {
    Map<String, AttributeValue> item = item(true);

    assertTrue(DeletionItems.covers(item, REQUESTED.minusSeconds(60)));
    assertTrue(DeletionItems.covers(item, REQUESTED.plusSeconds(3600)));
  }

  @Test
  void aDeletionCoversEventsReceivedUpToItsRequest() {
    Map<String, AttributeValue> item = item(false);

    assertTrue(DeletionItems.covers(item, REQUESTED.minusSeconds(60)));
    assertTrue(DeletionItems.covers(item, REQUESTED));
    assertFalse(DeletionItems.covers(item, REQUESTED.plusNanos(1000)));
  }

  @Test
  void aLiftedSuppressionCoversEventsReceivedBeforeTheLift() {
    Instant lifted = REQUESTED.plusSeconds(600);
    Map<String, AttributeValue> item = new HashMap<>(item(false));
    item.put(DeletionItems.LIFTED_AT, s("2026-12-07T17:10:00.000000Z"));

    assertTrue(DeletionItems.covers(item, lifted.minusSeconds(1)));
    assertFalse(DeletionItems.covers(item, lifted));
  }

  @Test
  void noItemOrAnItemWithoutItsRequestTimeCoversNothingUnsuppressed() {
    assertFalse(DeletionItems.covers(null, REQUESTED));
    assertFalse(DeletionItems.covers(Map.of(), REQUESTED));
    assertFalse(
        DeletionItems.covers(
            Map.of(DeletionItems.SUPPRESSED, AttributeValue.fromBool(false)), REQUESTED));
    assertTrue(
        DeletionItems.covers(
            Map.of(DeletionItems.SUPPRESSED, AttributeValue.fromBool(true)), REQUESTED));
  }

  private static Map<String, AttributeValue> item(boolean suppressed) {
    return Map.of(
        DeletionItems.SUPPRESSED,
        AttributeValue.fromBool(suppressed),
        DeletionItems.REQUESTED_AT,
        s("2026-12-07T17:00:00.000000Z"));
  }
}

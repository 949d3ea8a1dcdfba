package com.theeye.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ApplicationItemsTest {

  private static final UUID ID = UUID.fromString("3f0c6a52-6f5d-4c1e-9d43-2b1c1a0e5b7a");
  private static final TrustedApplication SHOP =
      new TrustedApplication(ID, "shop", true, Instant.parse("2026-03-01T12:00:00Z"));

  @Test
  void readsBackWhatItWrites() {
    assertEquals(SHOP, ApplicationItems.fromItem(ApplicationItems.toItem(SHOP)));
    TrustedApplication disabled =
        new TrustedApplication(ID, "blog", false, Instant.parse("2026-03-01T12:00:00.123456789Z"));
    assertEquals(disabled, ApplicationItems.fromItem(ApplicationItems.toItem(disabled)));
  }

  // Renaming an attribute, or printing a value differently, would orphan the items already stored.
  @Test
  void writesTheAttributeNamesAndFormatsOfStoredItems() {
    assertEquals(
        Map.of(
            "application_id", AttributeValue.fromS("3f0c6a52-6f5d-4c1e-9d43-2b1c1a0e5b7a"),
            "name", AttributeValue.fromS("shop"),
            "enabled", AttributeValue.fromBool(true),
            "created_at", AttributeValue.fromS("2026-03-01T12:00:00Z")),
        ApplicationItems.toItem(SHOP));
  }

  @Test
  void storesAllowedOriginsAsAStringSetOnlyWhenThereAreAny() {
    TrustedApplication limited =
        new TrustedApplication(
            ID,
            "shop",
            true,
            Instant.parse("2026-03-01T12:00:00Z"),
            List.of("https://www.shop.example", "HTTPS://Shop.example/"));

    Map<String, AttributeValue> item = ApplicationItems.toItem(limited);

    assertEquals(
        AttributeValue.fromSs(List.of("https://shop.example", "https://www.shop.example")),
        item.get("allowed_origins"));
    assertEquals(limited, ApplicationItems.fromItem(item));
    assertEquals(
        List.of("https://shop.example", "https://www.shop.example"),
        ApplicationItems.allowedOrigins(item));
    assertFalse(ApplicationItems.toItem(SHOP).containsKey("allowed_origins"));
    assertEquals(List.of(), ApplicationItems.allowedOrigins(ApplicationItems.toItem(SHOP)));
  }

  @Test
  void anApplicationRefusesWhatIsNoOrigin() {
    Instant now = Instant.now();
    List<String> notOrigins = List.of("shop.example");
    assertThrows(
        IllegalArgumentException.class,
        () -> new TrustedApplication(ID, "shop", true, now, notOrigins));
  }

  @Test
  void readsAnItemWrittenByHandWithDefaults() {
    TrustedApplication bare =
        ApplicationItems.fromItem(Map.of("application_id", AttributeValue.fromS(ID.toString())));

    assertEquals(new TrustedApplication(ID, "(unnamed)", false, Instant.EPOCH), bare);
  }

  @Test
  void tellsWhetherAnItemProjectedToEnabledIsEnabled() {
    assertTrue(ApplicationItems.enabled(Map.of("enabled", AttributeValue.fromBool(true))));
    assertFalse(ApplicationItems.enabled(Map.of("enabled", AttributeValue.fromBool(false))));
    assertFalse(ApplicationItems.enabled(Map.of()));
  }

  @Test
  void keysAnApplicationByItsId() {
    assertEquals(
        Map.of("application_id", AttributeValue.fromS("3f0c6a52-6f5d-4c1e-9d43-2b1c1a0e5b7a")),
        ApplicationItems.key(ID));
  }
}

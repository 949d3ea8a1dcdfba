package com.theeye.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

class OperatorConfigTest {

  @Test
  void readsTableRegionAndLocalEndpoint() {
    OperatorConfig config =
        OperatorConfig.fromEnv(
            Map.of(
                "APPLICATIONS_TABLE",
                "apps",
                "AWS_REGION",
                "eu-west-1",
                "AWS_ENDPOINT_URL",
                "http://localhost:4566"));

    assertEquals("apps", config.applicationsTable());
    assertEquals(Region.EU_WEST_1, config.clients().region());
    assertEquals(Optional.of(URI.create("http://localhost:4566")), config.clients().endpoint());
  }

  @Test
  void withoutAnEndpointTheClientsTalkToAws() {
    OperatorConfig config =
        OperatorConfig.fromEnv(Map.of("APPLICATIONS_TABLE", "apps", "AWS_REGION", "eu-west-1"));

    assertEquals(Optional.empty(), config.clients().endpoint());
  }

  @Test
  void missingTableIsNamed() {
    var e =
        assertThrows(
            IllegalStateException.class,
            () -> OperatorConfig.fromEnv(Map.of("AWS_REGION", "eu-west-1")));
    assertTrue(e.getMessage().startsWith("APPLICATIONS_TABLE is not set"), e.getMessage());
  }

  @Test
  void missingRegionIsNamed() {
    var e =
        assertThrows(
            IllegalStateException.class,
            () -> OperatorConfig.fromEnv(Map.of("APPLICATIONS_TABLE", "apps")));
    assertTrue(e.getMessage().startsWith("AWS_REGION is not set"), e.getMessage());
  }

  @Test
  void malformedEndpointIsNamed() {
    var e =
        assertThrows(
            IllegalStateException.class,
            () ->
                OperatorConfig.fromEnv(
                    Map.of(
                        "APPLICATIONS_TABLE",
                        "apps",
                        "AWS_REGION",
                        "eu-west-1",
                        "AWS_ENDPOINT_URL",
                        "localhost")));
    assertTrue(e.getMessage().startsWith("AWS_ENDPOINT_URL is not a URL"), e.getMessage());
  }
}

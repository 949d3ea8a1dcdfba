package com.theeye.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.theeye.config.EnvironmentException;
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
            EnvironmentException.class,
            () -> OperatorConfig.fromEnv(Map.of("AWS_REGION", "eu-west-1")));
    assertEquals("APPLICATIONS_TABLE is not set", e.getMessage());
  }

  @Test
  void missingRegionIsNamed() {
    var e =
        assertThrows(
            EnvironmentException.class,
            () -> OperatorConfig.fromEnv(Map.of("APPLICATIONS_TABLE", "apps")));
    assertEquals("AWS_REGION is not set", e.getMessage());
  }

  @Test
  void malformedEndpointIsNamed() {
    var e =
        assertThrows(
            EnvironmentException.class,
            () ->
                OperatorConfig.fromEnv(
                    Map.of(
                        "APPLICATIONS_TABLE",
                        "apps",
                        "AWS_REGION",
                        "eu-west-1",
                        "AWS_ENDPOINT_URL",
                        "localhost")));
    assertEquals(
        "AWS_ENDPOINT_URL must be a URL with a scheme and a host, e.g. http://localhost:4566,"
            + " was 'localhost'",
        e.getMessage());
  }
}

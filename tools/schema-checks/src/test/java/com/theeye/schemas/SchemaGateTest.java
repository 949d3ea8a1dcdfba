package com.theeye.schemas;

import static com.theeye.schemas.SchemaCompatibilityTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SchemaGateTest {

  private static final String FILE = "schemas/page-interaction/cta-click.json";

  @Test
  void aBreakingChangeWithoutAModelBumpFailsNamingSchemaChangeAndBump() {
    Optional<String> problem =
        SchemaGate.problem(
            FILE,
            Optional.of(schema("1-0-2", "[\"host\"]")),
            schema("1-1-0", "[\"host\", \"element\"]"));
    assertEquals(
        Optional.of(
            FILE
                + ": breaking change (data.element: made required) needs MODEL raised: version"
                + " 2-0-0, not 1-1-0"),
        problem);
  }

  @Test
  void aBreakingChangeWithAModelBumpPasses() {
    assertEquals(
        Optional.empty(),
        SchemaGate.problem(
            FILE,
            Optional.of(schema("1-0-2", "[\"host\"]")),
            schema("2-0-0", "[\"host\", \"element\"]")));
  }

  @Test
  void aRelaxationPassesWithAnAdditionBump() {
    assertEquals(
        Optional.empty(),
        SchemaGate.problem(
            FILE,
            Optional.of(schema("1-0-0", "[\"host\", \"element\"]")),
            schema("1-0-1", "[\"host\"]")));
  }

  @Test
  void aRelaxationWithoutAnyBumpFails() {
    Optional<String> problem =
        SchemaGate.problem(
            FILE,
            Optional.of(schema("1-0-0", "[\"host\", \"element\"]")),
            schema("1-0-0", "[\"host\"]"));
    assertEquals(
        Optional.of(
            FILE
                + ": changed (data.element: made optional) without a version bump: needs at least 1-0-1"),
        problem);
  }

  @Test
  void aLoweredVersionFails() {
    assertEquals(
        Optional.of(FILE + ": version lowered from 2-0-0 to 1-0-0"),
        SchemaGate.problem(FILE, Optional.of(schema("2-0-0", "[]")), schema("1-0-0", "[]")));
  }

  @Test
  void aSchemaWithoutAVersionFails() {
    Optional<String> problem =
        SchemaGate.problem(FILE, Optional.empty(), json("{\"type\": \"object\"}"));
    assertTrue(
        problem.orElseThrow().startsWith(FILE + ": \"version\" missing or malformed"),
        problem::get);
  }

  @Test
  void aNewSchemaPasses() {
    assertEquals(
        Optional.empty(), SchemaGate.problem(FILE, Optional.empty(), schema("1-0-0", "[]")));
  }

  @Test
  void aCommittedSchemaWithoutAVersionCountsAsOneZeroZero() {
    JsonNode unversioned =
        json(
            "{\"type\": \"object\", \"properties\": {\"host\": {\"type\": \"string\"}},"
                + " \"required\": [\"host\"]}");
    assertEquals(
        Optional.empty(),
        SchemaGate.problem(FILE, Optional.of(unversioned), schema("1-0-0", "[\"host\"]")));
    assertTrue(
        SchemaGate.problem(FILE, Optional.of(unversioned), schema("1-0-1", "[\"host\", \"path\"]"))
            .orElseThrow()
            .endsWith("needs MODEL raised: version 2-0-0, not 1-0-1"));
  }

  private static JsonNode schema(String version, String required) {
    return json(
        "{\"version\": \""
            + version
            + "\", \"type\": \"object\", \"properties\": {\"host\": {\"type\": \"string\"}},"
            + " \"required\": "
            + required
            + "}");
  }
}

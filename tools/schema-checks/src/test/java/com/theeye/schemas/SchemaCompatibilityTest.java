package com.theeye.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaCompatibilityTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String V1 =
      """
      {"type": "object",
       "properties": {
         "host": {"type": "string", "pattern": "^[a-z.]+$", "maxLength": 100},
         "path": {"type": "string"},
         "kind": {"enum": ["a", "b"]},
         "count": {"type": "integer"}},
       "required": ["host"]}""";

  @Test
  void sameSchemaHasNoChanges() {
    assertEquals(List.of(), changes(V1, V1));
  }

  @Test
  void annotationsAndTheVersionAreNotChanges() {
    String annotated =
        V1.replace(
            "{\"type\": \"object\",",
            "{\"type\": \"object\", \"title\": \"t\", \"version\": \"1-0-1\",");
    assertEquals(List.of(), changes(V1, annotated));
  }

  @Test
  void aFieldMadeRequiredIsBreaking() {
    SchemaChange change = only(changes(V1, V1.replace("[\"host\"]", "[\"host\", \"path\"]")));
    assertEquals("data.path", change.path());
    assertEquals("made required", change.description());
    assertTrue(change.breaking());
  }

  @Test
  void aFieldMadeOptionalIsARelaxation() {
    SchemaChange change = only(changes(V1, V1.replace("[\"host\"]", "[]")));
    assertEquals("data.host: made optional", change.toString());
    assertFalse(change.breaking());
  }

  @Test
  void aNarrowedTypeIsBreaking() {
    SchemaChange change =
        only(
            changes(
                V1,
                V1.replace("\"path\": {\"type\": \"string\"}", "\"path\": {\"type\": \"null\"}")));
    assertEquals("data.path: type narrowed from string to null", change.toString());
    assertTrue(change.breaking());
    assertTrue(
        only(changes(V1.replace("\"integer\"", "\"number\""), V1)).breaking(),
        "number to integer narrows");
  }

  @Test
  void aWidenedTypeIsARelaxation() {
    SchemaChange change =
        only(
            changes(
                V1,
                V1.replace(
                    "\"path\": {\"type\": \"string\"}",
                    "\"path\": {\"type\": [\"string\", \"null\"]}")));
    assertEquals("data.path: type widened from string to null|string", change.toString());
    assertFalse(change.breaking());
    assertFalse(only(changes(V1, V1.replace("\"integer\"", "\"number\""))).breaking());
  }

  @Test
  void aShrunkEnumIsBreakingAndAnExtendedOneIsNot() {
    SchemaChange shrunk = only(changes(V1, V1.replace("[\"a\", \"b\"]", "[\"a\"]")));
    assertEquals("data.kind: enum shrunk: removed [\"b\"]", shrunk.toString());
    assertTrue(shrunk.breaking());
    assertFalse(
        only(changes(V1, V1.replace("[\"a\", \"b\"]", "[\"a\", \"b\", \"c\"]"))).breaking());
  }

  @Test
  void closingAdditionalPropertiesIsBreakingAndOpeningIsNot() {
    String closed = V1.replace("\"required\"", "\"additionalProperties\": false, \"required\"");
    SchemaChange change = only(changes(V1, closed));
    assertEquals("data: additionalProperties closed", change.toString());
    assertTrue(change.breaking());
    assertFalse(only(changes(closed, V1)).breaking());
  }

  @Test
  void aTightenedOrChangedPatternIsBreakingAndARemovedOneIsNot() {
    SchemaChange added =
        only(
            changes(
                V1,
                V1.replace(
                    "\"path\": {\"type\": \"string\"}",
                    "\"path\": {\"type\": \"string\", \"pattern\": \"^/\"}")));
    assertEquals("data.path: pattern added \"^/\"", added.toString());
    assertTrue(added.breaking());
    SchemaChange changed = only(changes(V1, V1.replace("^[a-z.]+$", "^[a-z]+$")));
    assertEquals(
        "data.host: pattern tightened from \"^[a-z.]+$\" to \"^[a-z]+$\"", changed.toString());
    assertTrue(changed.breaking());
    assertFalse(only(changes(V1, V1.replace(", \"pattern\": \"^[a-z.]+$\"", ""))).breaking());
  }

  @Test
  void aLoweredMaximumIsBreakingAndARaisedOneIsNot() {
    assertTrue(only(changes(V1, V1.replace("100", "50"))).breaking());
    assertFalse(only(changes(V1, V1.replace("100", "200"))).breaking());
  }

  @Test
  void anAddedPropertyIsAnAddition() {
    SchemaChange change =
        only(
            changes(
                V1,
                V1.replace(
                    "\"count\": {\"type\": \"integer\"}",
                    "\"count\": {\"type\": \"integer\"}, \"extra\": {\"type\": \"string\"}")));
    assertEquals("data.extra: property added", change.toString());
    assertFalse(change.breaking());
  }

  @Test
  void aRemovedPropertyBreaksOnlyWhenAdditionalPropertiesIsClosed() {
    String withoutCount = V1.replace(",\n   \"count\": {\"type\": \"integer\"}", "");
    assertFalse(only(changes(V1, withoutCount)).breaking());
    String closed = "\"additionalProperties\": false, \"required\"";
    assertTrue(
        only(changes(
                V1.replace("\"required\"", closed), withoutCount.replace("\"required\"", closed)))
            .breaking());
  }

  @Test
  void aKeywordTheCheckDoesNotKnowCountsAsBreaking() {
    String withFormat =
        V1.replace(
            "\"path\": {\"type\": \"string\"}",
            "\"path\": {\"type\": \"string\", \"format\": \"uri\"}");
    SchemaChange change = only(changes(V1, withFormat));
    assertTrue(change.breaking());
    assertTrue(change.description().contains("format"), change::description);
  }

  private static List<SchemaChange> changes(String before, String after) {
    return SchemaCompatibility.changes(json(before), json(after));
  }

  private static SchemaChange only(List<SchemaChange> changes) {
    assertEquals(1, changes.size(), changes::toString);
    return changes.getFirst();
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(text, e);
    }
  }
}

package com.theeye.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The tables hold the collected data: CloudFormation never deletes them and DynamoDB refuses to,
 * and the two never disagree, so a failed first create ends in ROLLBACK_COMPLETE (the empty tables
 * kept) rather than ROLLBACK_FAILED. DynamoDB refuses to delete a table with deletion protection
 * on, whoever asks (Amazon DynamoDB Developer Guide, "Using deletion protection"); CloudFormation
 * deletes a resource whose DeletionPolicy is Delete, Snapshot or RetainExceptOnCreate when the
 * operation that created it rolls back, and keeps one whose policy is Retain (CloudFormation
 * Template Reference, "DeletionPolicy attribute"). docs/OPERATIONS.md, "A failed first deploy".
 */
class TranslatedTablesTest {

  /** Every table template.yaml declares (TableLayoutConformanceTest holds them to the code's). */
  private static final List<String> TABLES =
      Templates.theTemplate().resourcesOfType("AWS::DynamoDB::Table");

  @Test
  void everyTableIsKeptAndProtectedWhateverTheParameters() {
    JsonNode resources = SamTranslator.translate().path("Resources");
    List<String> tables = new ArrayList<>();
    resources
        .properties()
        .forEach(
            resource -> {
              if (resource.getValue().path("Type").asText().equals("AWS::DynamoDB::Table")) {
                tables.add(resource.getKey());
              }
            });
    assertEquals(TABLES.stream().sorted().toList(), tables.stream().sorted().toList());

    for (String table : TABLES) {
      JsonNode resource = resources.path(table);
      assertEquals("Retain", resource.path("DeletionPolicy").asText(), table);
      assertEquals("Retain", resource.path("UpdateReplacePolicy").asText(), table);
      // A literal, not a parameter or a condition: no deploy can turn it off or on.
      JsonNode protection = resource.path("Properties").path("DeletionProtectionEnabled");
      assertEquals(
          true, protection.isBoolean() && protection.booleanValue(), table + ": " + protection);
    }
  }

  @Test
  void nothingCloudFormationWouldDeleteOnARollbackIsProtectedFromDeletion() {
    List<String> contradictions = new ArrayList<>();
    SamTranslator.translate()
        .path("Resources")
        .properties()
        .forEach(
            resource -> {
              JsonNode protection =
                  resource.getValue().path("Properties").path("DeletionProtectionEnabled");
              boolean protectedFromDeletion =
                  !protection.isMissingNode()
                      && !(protection.isBoolean() && !protection.booleanValue());
              String policy = resource.getValue().path("DeletionPolicy").asText("Delete");
              if (protectedFromDeletion && !policy.equals("Retain")) {
                contradictions.add(resource.getKey() + " (DeletionPolicy " + policy + ")");
              }
            });
    assertEquals(List.of(), contradictions);
  }

  @Test
  void noParameterDecidesWhatHappensToTheTables() {
    SamTemplate template = Templates.theTemplate();
    for (String table : TABLES) {
      Map<String, Object> resource = template.resource(table);
      assertEquals("Retain", resource.get("DeletionPolicy"), table);
      assertEquals(
          Boolean.TRUE, template.properties(table).get("DeletionProtectionEnabled"), table);
    }
    assertFalse(
        template.section("Parameters").keySet().stream()
            .anyMatch(name -> name.contains("Deletion")),
        "a parameter about deletion would let a deploy make the policy and the protection disagree");
  }
}

package com.theeye.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SamSchemaTest {

  private static SamSchema schema;

  @BeforeAll
  static void loadSchema() {
    schema = SamSchema.bundled();
  }

  @Test
  void templateConformsToTheSamSchema() {
    assertEquals(List.of(), schema.violations(Templates.theTemplate().document()));
  }

  @Test
  void rejectsAFunctionWithAnUnknownProperty() {
    SamTemplate broken = Templates.theTemplate();
    broken
        .properties(Templates.INGEST)
        .put("Handlr", "com.theeye.ingest.IngestHandler::handleRequest");

    List<String> violations = schema.violations(broken.document());

    assertTrue(
        violations.stream().anyMatch(m -> m.contains("Handlr")), String.join("\n", violations));
  }

  @Test
  void rejectsAnSqsEventWithAMisspelledProperty() {
    SamTemplate broken = Templates.theTemplate();
    Map<String, Object> sqs = Templates.sqsEventSources(broken).getFirst().getValue();
    sqs.put("FunctionResponseType", sqs.remove("FunctionResponseTypes"));

    List<String> violations = schema.violations(broken.document());

    assertTrue(
        violations.stream().anyMatch(m -> m.contains("FunctionResponseType")),
        String.join("\n", violations));
  }

  @Test
  void rejectsAMisspelledServerlessResourceType() {
    SamTemplate broken = Templates.theTemplate();
    broken.resource(Templates.PROCESSOR).put("Type", "AWS::Serverless::Functon");

    assertTrue(
        !schema.violations(broken.document()).isEmpty(),
        "an unknown AWS::Serverless type must fail");
  }
}

package com.theeye.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The cursor key stays out of every function's configuration, and only the functions that sign with
 * it may read it — the query function (cursors) and the ingest function (receipts): one action, on
 * that one secret.
 */
class TranslatedSecretsTest {

  private final JsonNode resources = SamTranslator.translate().path("Resources");

  @Test
  void onlyTheSigningFunctionsMayReadASecretAndOnlyTheCursorKey() {
    List<String> grants = new ArrayList<>();
    resources
        .properties()
        .forEach(
            resource -> {
              if (!resource.getValue().path("Type").asText().equals("AWS::IAM::Role")) {
                return;
              }
              for (JsonNode policy : resource.getValue().path("Properties").path("Policies")) {
                for (JsonNode statement : policy.path("PolicyDocument").path("Statement")) {
                  if (statement.toString().contains("secretsmanager")) {
                    grants.add(
                        resource.getKey()
                            + " "
                            + statement.path("Effect").asText()
                            + " "
                            + statement.path("Action")
                            + " on "
                            + statement.path("Resource"));
                  }
                }
              }
            });
    assertEquals(
        List.of(
            "IngestFunctionRole Allow \"secretsmanager:GetSecretValue\" on"
                + " {\"Ref\":\"CursorSigningSecret\"}",
            "QueryFunctionRole Allow \"secretsmanager:GetSecretValue\" on"
                + " {\"Ref\":\"CursorSigningSecret\"}"),
        grants);
  }

  @Test
  void noFunctionCarriesASecretInItsConfiguration() {
    resources
        .properties()
        .forEach(
            resource -> {
              if (resource.getValue().path("Type").asText().equals("AWS::Lambda::Function")) {
                String properties = resource.getValue().path("Properties").toString();
                assertFalse(properties.contains("resolve:secretsmanager"), resource.getKey());
              }
            });
  }

  @Test
  void theSigningFunctionsAreToldWhichSecretNotItsValue() {
    for (String function : List.of("QueryFunction", "IngestFunction")) {
      JsonNode variables =
          resources.path(function).path("Properties").path("Environment").path("Variables");
      assertEquals(
          "{\"Ref\":\"CursorSigningSecret\"}",
          variables.path("CURSOR_SECRET_ARN").toString(),
          function);
    }
  }
}

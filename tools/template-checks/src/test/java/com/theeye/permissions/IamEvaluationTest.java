package com.theeye.permissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class IamEvaluationTest {

  private static final String TABLE = "arn:aws:dynamodb:eu-west-1:123456789012:table/events";
  private static final String INDEX = TABLE + "/index/by-category";

  @Test
  void aWildcardActionAllowsEveryActionItMatches() {
    RolePermissions role =
        role(allow(List.of("logs:*", "dynamodb:Get*", "sqs:?eleteMessage"), "*"));

    assertTrue(role.decide("logs:PutLogEvents", "*").allowed());
    assertTrue(role.decide("dynamodb:GetItem", TABLE).allowed());
    assertFalse(role.decide("dynamodb:PutItem", TABLE).allowed());
    assertTrue(role.decide("sqs:DeleteMessage", "*").allowed());
    assertFalse(role.decide("sqs:DeleteMessageBatch", "*").allowed(), "? is one character");
  }

  @Test
  void actionsCompareWithoutCaseAndResourcesWithIt() {
    RolePermissions role = role(allow(List.of("DynamoDB:getitem"), TABLE));

    assertTrue(role.decide("dynamodb:GetItem", TABLE).allowed());
    assertFalse(role.decide("dynamodb:GetItem", TABLE.replace("events", "Events")).allowed());
  }

  @Test
  void aGrantOnATableDoesNotReachItsIndexesNorTheOtherWayRound() {
    assertFalse(
        role(allow(List.of("dynamodb:Query"), TABLE)).decide("dynamodb:Query", INDEX).allowed());
    assertFalse(
        role(allow(List.of("dynamodb:Query"), INDEX)).decide("dynamodb:Query", TABLE).allowed());
    assertTrue(
        role(allow(List.of("dynamodb:Query"), TABLE + "/index/*"))
            .decide("dynamodb:Query", INDEX)
            .allowed());
    assertTrue(
        role(allow(List.of("dynamodb:Query"), INDEX)).decide("dynamodb:Query", INDEX).allowed());
  }

  @Test
  void anExplicitDenyBeatsEveryAllow() {
    IamStatement deny =
        new IamStatement(
            "Deny",
            false,
            List.of("dynamodb:Delete*"),
            false,
            List.of(TABLE),
            List.of("T"),
            false,
            "");
    RolePermissions role = role(allow(List.of("dynamodb:*"), "*"), deny);

    RolePermissions.Decision decision = role.decide("dynamodb:DeleteItem", TABLE);

    assertFalse(decision.allowed());
    assertEquals("Deny", decision.by().orElseThrow().origin());
    assertTrue(role.decide("dynamodb:PutItem", TABLE).allowed());
  }

  @Test
  void whatNoStatementAllowsIsDenied() {
    RolePermissions.Decision decision = role().decide("dynamodb:GetItem", TABLE);

    assertFalse(decision.allowed());
    assertTrue(decision.by().isEmpty(), "an implicit deny, not a statement's");
  }

  @Test
  void notActionAndNotResourceAllowEverythingElse() {
    IamStatement allButIam =
        new IamStatement(
            "AllButIam", true, List.of("iam:*"), true, List.of("*"), List.of("*"), false, "");
    IamStatement allButIndexes =
        new IamStatement(
            "AllButIndexes",
            true,
            List.of("dynamodb:Query"),
            false,
            List.of(TABLE + "/index/*"),
            List.of("i"),
            true,
            "");

    assertTrue(role(allButIam).decide("sqs:SendMessage", "*").allowed());
    assertFalse(role(allButIam).decide("iam:PassRole", "*").allowed());
    assertTrue(role(allButIndexes).decide("dynamodb:Query", TABLE).allowed());
    assertFalse(role(allButIndexes).decide("dynamodb:Query", INDEX).allowed());
  }

  private static IamStatement allow(List<String> actions, String resource) {
    return new IamStatement(
        "Allow", true, actions, false, List.of(resource), List.of(resource), false, "");
  }

  private static RolePermissions role(IamStatement... statements) {
    return new RolePermissions("Role", List.of(statements));
  }
}

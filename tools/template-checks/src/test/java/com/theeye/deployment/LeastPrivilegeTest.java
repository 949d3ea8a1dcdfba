package com.theeye.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * No grant reaches further than it names: no wildcard or negated action or resource, no *FullAccess
 * policy, no named policy whose grants the template does not show. Whether each grant is one the
 * code needs, and whether the code needs one more, is `make check-permissions`' (the functions'
 * recorded AWS calls against the translated template: com.theeye.permissions.PermissionCheck).
 */
class LeastPrivilegeTest {

  private final IamPolicies policies = new IamPolicies(Templates.theTemplate());

  @Test
  void templateGrantsNoWildcardsAndNoFullAccess() {
    assertEquals(List.of(), problems(policies));
  }

  @Test
  void functionsUseNoNamedPolicies() {
    assertEquals(
        Set.of(), policies.namedPolicies(), "inline statements say exactly what is granted");
  }

  @Test
  void theCheckCatchesWildcardsAndFullAccess() {
    SamTemplate bad =
        SamTemplate.parse(
            """
            Resources:
              Fn:
                Type: AWS::Serverless::Function
                Properties:
                  Policies:
                    - AmazonDynamoDBFullAccess
                    - Statement:
                        - Effect: Allow
                          Action: '*'
                          Resource: '*'
                        - Effect: Allow
                          Action: [sqs:Send*]
                          Resource: !GetAtt Q.Arn
                        - Effect: Allow
                          NotAction: iam:*
                          Resource: !GetAtt Q.Arn
                        - Effect: Allow
                          Action: dynamodb:Query
                          Resource: !Sub "${T.Arn}/index/*"
            """);

    List<String> problems = problems(new IamPolicies(bad));

    assertEquals(6, problems.size(), String.join("\n", problems));
  }

  /**
   * Actions that take no resource, which IAM grants on {@code "*"} only ("Actions, resources, and
   * condition keys for Amazon CloudWatch", Service Authorization Reference: no resource type for
   * either): a statement of these alone may name {@code "*"}.
   */
  private static final java.util.Set<String> RESOURCELESS_ACTIONS =
      java.util.Set.of("cloudwatch:GetMetricData", "cloudwatch:ListMetrics");

  /**
   * What breaks least privilege: wildcard or negated actions and resources, *FullAccess policies.
   */
  static List<String> problems(IamPolicies policies) {
    List<String> problems = new ArrayList<>();
    for (var statement : policies.statements()) {
      for (String action : statement.actions()) {
        if (action.contains("*") || action.contains("?")) {
          problems.add(statement.owner() + ": wildcard action " + action);
        }
      }
      for (String negated : List.of("NotAction", "NotResource")) {
        if (statement.body().containsKey(negated)) {
          problems.add(statement.owner() + ": " + negated + " grants everything else");
        }
      }
      boolean resourceless = RESOURCELESS_ACTIONS.containsAll(statement.actions());
      for (Object resource : statement.resources()) {
        if (resource instanceof String literal && literal.equals("*") && resourceless) {
          continue;
        }
        if (resource instanceof String literal && literal.contains("*")) {
          problems.add(statement.owner() + ": wildcard resource " + literal);
        }
        if (resource instanceof java.util.Map<?, ?> map
            && map.get("Fn::Sub") instanceof String text
            && text.contains("*")) {
          problems.add(statement.owner() + ": wildcard resource " + text);
        }
      }
    }
    for (String named : policies.namedPolicies()) {
      if (named.toLowerCase(Locale.ROOT).contains("fullaccess")) {
        problems.add("full-access policy " + named);
      }
    }
    return problems;
  }
}

package com.theeye.permissions;

import java.util.List;
import java.util.Optional;

/**
 * What one IAM role may do: every statement of its inline and managed policies, evaluated as IAM
 * evaluates an identity-based request in one account: an explicit Deny wins, else any Allow allows,
 * else the request is implicitly denied (IAM User Guide, "Policy evaluation logic").
 */
record RolePermissions(String role, List<IamStatement> statements) {

  RolePermissions {
    statements = List.copyOf(statements);
  }

  /** The decision on {@code action} (e.g. {@code dynamodb:PutItem}) on the ARN {@code resource}. */
  Decision decide(String action, String resource) {
    Optional<IamStatement> deny =
        statements.stream().filter(s -> !s.allow() && s.covers(action, resource)).findFirst();
    if (deny.isPresent()) {
      return new Decision(false, deny);
    }
    return new Decision(
        statements.stream().anyMatch(s -> s.allow() && s.covers(action, resource)),
        statements.stream().filter(s -> s.allow() && s.covers(action, resource)).findFirst());
  }

  /** Allowed or not, and the statement that decided: the denying one, or the first allowing one. */
  record Decision(boolean allowed, Optional<IamStatement> by) {}
}

package com.theeye.permissions;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the check found: the calls no grant allows (and what it could not follow), and every grant
 * of the functions' roles with whether a recorded call used it.
 *
 * @param denials each (function, action, resource) a recorded call needs and the role does not
 *     allow, once
 * @param problems what makes the check unable to judge: an empty recording, a function no call was
 *     recorded for, a call whose resource could not be followed to the template
 * @param grants every Allow of the roles, split into action and resource, with its use
 * @param callsByFunction distinct recorded calls per function, by name
 * @param notAFunctions distinct recorded calls made by no function's code, by who made them
 *     (sorted)
 */
record Findings(
    List<Denial> denials,
    List<String> problems,
    List<Grant> grants,
    Map<String, Integer> callsByFunction,
    Map<String, Integer> notAFunctions) {

  Findings {
    denials = List.copyOf(denials);
    problems = List.copyOf(problems);
    grants = List.copyOf(grants);
    callsByFunction = Collections.unmodifiableMap(new TreeMap<>(callsByFunction));
    notAFunctions = Collections.unmodifiableMap(new TreeMap<>(notAFunctions));
  }

  boolean passed() {
    return denials.isEmpty() && problems.isEmpty();
  }

  /** A call the role does not allow. */
  record Denial(
      String function, Need need, String role, String caller, String test, String deniedBy) {

    String describe() {
      return function
          + ": "
          + need.action()
          + " on "
          + need.label()
          + (need.recorded().isEmpty() ? "" : " (" + need.recorded() + ")")
          + (deniedBy.isEmpty() ? " is not granted by " + role : " is denied by " + deniedBy)
          + " [called from "
          + caller
          + (test.isEmpty() ? "" : ", in " + test)
          + "]";
    }
  }

  /**
   * One action on one resource that a role's statement allows.
   *
   * @param used whether a recorded call of the function needed it
   * @param usedAs the first name such a call used (a table name, a queue URL), or empty
   */
  record Grant(
      String function,
      String action,
      String resource,
      IamStatement statement,
      boolean used,
      String usedAs) {

    String describe() {
      return function + ": " + action + " on " + resource + " (" + statement.origin() + ")";
    }
  }
}

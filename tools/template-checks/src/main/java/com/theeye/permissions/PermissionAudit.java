package com.theeye.permissions;

import com.theeye.calls.RecordedCall;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Holds a recording against the functions' roles: each call is the function's whose code made it
 * (the innermost caller in the function's handler package, so calls of tests, the local runner and
 * the operator CLI are no function's), each is turned into the actions and resources it needs
 * ({@link CallResolver}), and each need must be allowed by the function's role.
 */
final class PermissionAudit {

  private final List<DeployedFunction> functions;
  private final CallResolver resolver;
  private final ShippedCode shipped;
  private final Set<String> functionPackages;
  private final List<String> problems = new ArrayList<>();
  private final Map<String, Findings.Denial> denials = new LinkedHashMap<>();
  private final Map<String, List<Need>> allowed = new LinkedHashMap<>();
  private final Map<String, Integer> callsByFunction = new TreeMap<>();
  private final Map<String, Integer> notAFunctions = new TreeMap<>();

  private PermissionAudit(
      List<DeployedFunction> functions, DeployedNames names, ShippedCode shipped) {
    this.functions = functions;
    this.resolver = new CallResolver(names);
    this.shipped = shipped;
    this.functionPackages =
        functions.stream().map(DeployedFunction::codePackage).collect(Collectors.toSet());
    functions.forEach(f -> callsByFunction.put(f.name(), 0));
  }

  static Findings audit(
      List<DeployedFunction> functions,
      DeployedNames names,
      Recording recording,
      ShippedCode shipped) {
    PermissionAudit audit = new PermissionAudit(functions, names, shipped);
    recording.calls().forEach(audit::check);
    audit.checkTheRecordingCoversEveryFunction(recording);
    return new Findings(
        List.copyOf(audit.denials.values()),
        audit.problems,
        grants(functions, audit.allowed),
        audit.callsByFunction,
        audit.notAFunctions);
  }

  /** One call: whose it is, what it needs, and whether the owner's role allows each need. */
  private void check(RecordedCall call) {
    Optional<String> caller = call.innermostCallerIn(functionPackages);
    if (caller.isEmpty()) {
      notAFunctions.merge(whoMade(call), 1, Integer::sum);
      return;
    }
    DeployedFunction function = owner(functions, caller.get());
    if (!shipped.carries(function.codePackage(), packageOf(call.callers().getFirst()))) {
      // Code the function's jar does not carry made the call, below the function (the local
      // runner's stand-in for an AWS feature): on AWS it is not there to make it.
      notAFunctions.merge(whoMade(call), 1, Integer::sum);
      return;
    }
    callsByFunction.merge(function.name(), 1, Integer::sum);
    List<Need> needs;
    try {
      needs = resolver.needs(function, call);
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage() + " [called from " + caller.get() + "]");
      return;
    }
    for (Need need : needs) {
      RolePermissions.Decision decision =
          function.permissions().decide(need.action(), need.resource());
      if (decision.allowed()) {
        allowed.computeIfAbsent(function.name(), f -> new ArrayList<>()).add(need);
      } else {
        denials.putIfAbsent(
            function.name() + " " + need.action() + " " + need.label(),
            new Findings.Denial(
                function.name(),
                need,
                function.permissions().role(),
                caller.get(),
                call.test(),
                decision.by().map(IamStatement::origin).orElse("")));
      }
    }
  }

  /** A check that saw no call, or none of a function, proves nothing about it. */
  private void checkTheRecordingCoversEveryFunction(Recording recording) {
    if (recording.calls().isEmpty()) {
      problems.add(
          "the recording in "
              + recording.folder()
              + " is empty: a check that saw no call proves nothing (run the tests with"
              + " EYE_AWS_CALLS set, as make check-permissions does)");
      return;
    }
    callsByFunction.forEach(
        (function, count) -> {
          if (count == 0) {
            problems.add(
                function
                    + ": no call of its code was recorded, so nothing says what its role needs");
          }
        });
  }

  private static DeployedFunction owner(List<DeployedFunction> functions, String frame) {
    return functions.stream()
        .filter(f -> frame.startsWith(f.codePackage() + "."))
        .max((a, b) -> Integer.compare(a.codePackage().length(), b.codePackage().length()))
        .orElseThrow();
  }

  /** Who made a call that is no function's: the innermost main-code package, or test code. */
  private static String whoMade(RecordedCall call) {
    if (call.callers().isEmpty()) {
      return "test code";
    }
    return packageOf(call.callers().getFirst());
  }

  /** The package of a {@code package.Class.method} frame. */
  private static String packageOf(String frame) {
    String type = frame.substring(0, frame.lastIndexOf('.'));
    return type.substring(0, type.lastIndexOf('.'));
  }

  /** Every Allow of every role, split into action and resource, with whether a call used it. */
  private static List<Findings.Grant> grants(
      List<DeployedFunction> functions, Map<String, List<Need>> allowed) {
    List<Findings.Grant> grants = new ArrayList<>();
    for (DeployedFunction function : functions) {
      List<Need> needs = allowed.getOrDefault(function.name(), List.of());
      for (IamStatement statement : function.permissions().statements()) {
        if (!statement.allow()) {
          continue;
        }
        if (statement.notAction() || statement.notResource()) {
          Optional<Need> use =
              needs.stream().filter(n -> statement.covers(n.action(), n.resource())).findFirst();
          grants.add(
              new Findings.Grant(
                  function.name(),
                  (statement.notAction() ? "all but " : "")
                      + String.join(", ", statement.actions()),
                  (statement.notResource() ? "all but " : "")
                      + String.join(", ", statement.resourceLabels()),
                  statement,
                  use.isPresent(),
                  use.map(Need::recorded).orElse("")));
          continue;
        }
        for (String action : statement.actions()) {
          for (int i = 0; i < statement.resources().size(); i++) {
            String resource = statement.resources().get(i);
            Optional<Need> use =
                needs.stream()
                    .filter(n -> IamPatterns.actionMatches(action, n.action()))
                    .filter(n -> IamPatterns.resourceMatches(resource, n.resource()))
                    .findFirst();
            grants.add(
                new Findings.Grant(
                    function.name(),
                    action,
                    statement.resourceLabels().get(i),
                    statement,
                    use.isPresent(),
                    use.map(Need::recorded).orElse("")));
          }
        }
      }
    }
    return grants;
  }
}

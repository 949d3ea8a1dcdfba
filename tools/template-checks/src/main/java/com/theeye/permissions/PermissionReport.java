package com.theeye.permissions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The check's findings as an operator reads them: failures first, then every grant and its use. */
final class PermissionReport {

  private PermissionReport() {}

  static List<String> render(Recording recording, Findings findings, List<String> proof) {
    List<String> lines = new ArrayList<>(summary(recording, findings));
    findings.denials().forEach(d -> lines.add("FAIL " + d.describe()));
    findings.problems().forEach(p -> lines.add("FAIL " + p));
    if (!findings.passed()) {
      lines.add("");
    }
    lines.addAll(codeGrants("Granted and used by a recorded call:", findings, true));
    lines.addAll(codeGrants("Granted, but no recorded call used it:", findings, false));
    lines.addAll(platformGrants(findings));
    lines.addAll(proof);
    int failures = findings.denials().size() + findings.problems().size();
    lines.add(
        failures == 0
            ? "PASSED: every recorded call of every function is granted by its role."
            : "FAILED: " + failures + " finding(s) above.");
    return lines;
  }

  private static List<String> summary(Recording recording, Findings findings) {
    return List.of(
        "Permissions: the AWS calls the tests recorded, against the roles template.yaml's SAM"
            + " transform gives each function",
        "  recording: "
            + recording.folder()
            + ", "
            + recording.files()
            + " file(s), "
            + recording.calls().size()
            + " distinct call(s)",
        "  by function: " + counts(findings.callsByFunction()),
        "  by no function (tests' own calls, runner plumbing, operator CLI; not checked): "
            + (findings.notAFunctions().isEmpty() ? "none" : counts(findings.notAFunctions())),
        "");
  }

  /** The grants the template asks for, used or not. */
  private static List<String> codeGrants(String title, Findings findings, boolean used) {
    List<String> lines = new ArrayList<>();
    lines.add(title);
    findings.grants().stream()
        .filter(g -> g.used() == used && !g.statement().fromThePlatform())
        .forEach(
            g ->
                lines.add("  " + g.describe() + (g.usedAs().isEmpty() ? "" : " as " + g.usedAs())));
    if (lines.size() == 1) {
      lines.add("  none");
    }
    lines.add("");
    return lines;
  }

  /** What SAM's managed policies grant each function, by policy, then by resource. */
  private static List<String> platformGrants(Findings findings) {
    Map<String, Map<String, List<String>>> byPolicy = new LinkedHashMap<>();
    findings.grants().stream()
        .filter(g -> g.statement().fromThePlatform())
        .forEach(
            g ->
                byPolicy
                    .computeIfAbsent(
                        g.function()
                            + ": "
                            + g.statement().origin()
                            + ", for "
                            + g.statement().grantedFor(),
                        k -> new LinkedHashMap<>())
                    .computeIfAbsent(g.resource(), k -> new ArrayList<>())
                    .add(g.action() + (g.used() ? " (used by our code)" : "")));
    List<String> lines = new ArrayList<>();
    lines.add(
        "Granted for the platform, not for our code (managed policies SAM attaches; their calls are"
            + " Lambda's, not recorded here):");
    byPolicy.forEach(
        (policy, byResource) ->
            lines.add(
                "  "
                    + policy
                    + ": "
                    + byResource.entrySet().stream()
                        .map(e -> String.join(", ", e.getValue()) + " on " + e.getKey())
                        .collect(Collectors.joining("; "))));
    lines.add("");
    return lines;
  }

  private static String counts(Map<String, Integer> counts) {
    return counts.entrySet().stream()
        .map(e -> e.getKey() + " " + e.getValue())
        .collect(Collectors.joining(", "));
  }
}

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
    List<String> lines = new ArrayList<>();
    lines.add(
        "Permissions: the AWS calls the tests recorded, against the roles template.yaml's SAM"
            + " transform gives each function");
    lines.add(
        "  recording: "
            + recording.folder()
            + ", "
            + recording.files()
            + " file(s), "
            + recording.calls().size()
            + " distinct call(s)");
    lines.add(
        "  by function: "
            + findings.callsByFunction().entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", ")));
    lines.add(
        "  by no function (tests' own calls, runner plumbing, operator CLI; not checked): "
            + (findings.notAFunctions().isEmpty()
                ? "none"
                : findings.notAFunctions().entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue())
                    .collect(Collectors.joining(", "))));
    lines.add("");
    findings.denials().forEach(d -> lines.add("FAIL " + d.describe()));
    findings.problems().forEach(p -> lines.add("FAIL " + p));
    if (!findings.passed()) {
      lines.add("");
    }
    section(lines, "Granted and used by a recorded call:", findings, true, false);
    section(lines, "Granted, but no recorded call used it:", findings, false, false);
    lines.add(
        "Granted for the platform, not for our code (managed policies SAM attaches; their calls are"
            + " Lambda's, not recorded here):");
    Map<String, Map<String, List<String>>> platform = new LinkedHashMap<>();
    findings.grants().stream()
        .filter(g -> g.statement().fromThePlatform())
        .forEach(
            g ->
                platform
                    .computeIfAbsent(
                        g.function()
                            + ": "
                            + g.statement().origin()
                            + ", for "
                            + g.statement().grantedFor(),
                        k -> new LinkedHashMap<>())
                    .computeIfAbsent(g.resource(), k -> new ArrayList<>())
                    .add(g.action() + (g.used() ? " (used by our code)" : "")));
    platform.forEach(
        (owner, byResource) ->
            lines.add(
                "  "
                    + owner
                    + ": "
                    + byResource.entrySet().stream()
                        .map(e -> String.join(", ", e.getValue()) + " on " + e.getKey())
                        .collect(Collectors.joining("; "))));
    lines.add("");
    lines.addAll(proof);
    int failures = findings.denials().size() + findings.problems().size();
    lines.add(
        failures == 0
            ? "PASSED: every recorded call of every function is granted by its role."
            : "FAILED: " + failures + " finding(s) above.");
    return lines;
  }

  private static void section(
      List<String> lines, String title, Findings findings, boolean used, boolean platform) {
    lines.add(title);
    List<Findings.Grant> grants =
        findings.grants().stream()
            .filter(g -> g.used() == used && g.statement().fromThePlatform() == platform)
            .toList();
    if (grants.isEmpty()) {
      lines.add("  none");
    }
    for (Findings.Grant grant : grants) {
      lines.add(
          "  " + grant.describe() + (grant.usedAs().isEmpty() ? "" : " as " + grant.usedAs()));
    }
    lines.add("");
  }
}

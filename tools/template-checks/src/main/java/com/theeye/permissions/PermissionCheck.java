package com.theeye.permissions;

import com.fasterxml.jackson.databind.JsonNode;
import com.theeye.deployment.SamTemplate;
import com.theeye.deployment.SamTranslation;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * `make check-permissions`: every AWS call the tests recorded each function making, against what
 * the SAM-translated template.yaml grants that function's role on that resource. Fails naming the
 * function, the action and the resource of each call its role does not allow; lists the grants no
 * recorded call used; proves it can fail ({@link RemovalProof}).
 *
 * <p>usage: {@code PermissionCheck <checkout> <recording folder>}
 */
public final class PermissionCheck {

  private PermissionCheck() {}

  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("usage: PermissionCheck <checkout> <recording folder>");
      System.exit(2);
    }
    System.exit(run(Path.of(args[0]), Path.of(args[1]), System.out));
  }

  /** Checks, prints the report; returns the process status (0 when it passed). */
  static int run(Path checkout, Path folder, PrintStream out) {
    long started = System.nanoTime();
    JsonNode translated = SamTranslation.translate(checkout, Map.of());
    SamTemplate source = SamTemplate.load(checkout.resolve("template.yaml"));
    Recording recording = Recording.load(folder);
    List<String> report;
    boolean passed;
    try {
      ShippedCode shipped = ShippedCode.read(checkout);
      Findings findings = check(translated, source, recording, shipped);
      List<String> proof =
          findings.passed()
              ? RemovalProof.run(translated, source, recording, findings, shipped)
              : List.of();
      report = new ArrayList<>(PermissionReport.render(recording, findings, proof));
      passed = findings.passed() && proof.stream().noneMatch(line -> line.startsWith("FAIL"));
    } catch (IllegalArgumentException e) {
      // The roles themselves could not be evaluated: a condition, a boundary, an unknown policy.
      report = List.of("FAIL " + e.getMessage(), "FAILED: the roles could not be evaluated.");
      passed = false;
    }
    report.forEach(out::println);
    out.printf("(checked in %.1f s)%n", (System.nanoTime() - started) / 1e9);
    return passed ? 0 : 1;
  }

  /** The findings for a translated template and a recording. */
  static Findings check(
      JsonNode translated, SamTemplate source, Recording recording, ShippedCode shipped) {
    return PermissionAudit.audit(
        DeployedFunctions.read(translated, source),
        new DeployedNames(translated),
        recording,
        shipped);
  }
}

package com.theeye.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.theeye.testsupport.Fixtures;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/OPERATIONS.md says what is true of the template, the SAM translator's output and
 * samconfig.toml: every parameter with its default, the guided deploy's prompts, the SAM CLI the
 * runtime needs, the region variable the SAM CLI reads, the console's host, the outputs, the
 * managed policies SAM attaches, and the order of a stack's removal.
 */
class OperationsDocTest {

  /**
   * The first SAM CLI release that knows each runtime: before it `sam build` refuses the runtime
   * (aws/aws-sam-cli samcli/lib/build/workflow_config.py; v1.146.0 added java25, commit 3ebe35b).
   */
  private static final Map<String, String> FIRST_SAM_CLI_WITH = Map.of("java25", "1.146.0");

  private static final Pattern ROW = Pattern.compile("(?m)^\\| `([A-Za-z0-9]+)` \\| `([^`]*)` \\|");
  private static final Pattern PARAMETER_PROMPT =
      Pattern.compile("(?m)^\\s*Parameter ([A-Za-z0-9]+) \\[(.*)]:$");

  private final String doc = Fixtures.read("docs/OPERATIONS.md");
  private final SamTemplate template = Templates.theTemplate();

  @Test
  void parameterTableMatchesTheTemplate() {
    Map<String, String> expected = new TreeMap<>();
    template
        .section("Parameters")
        .forEach(
            (name, parameter) -> {
              Object value = SamTemplate.asMap(parameter, name).get("Default");
              expected.put(name, "".equals(value) ? "\"\"" : String.valueOf(value));
            });

    Map<String, String> documented = new TreeMap<>();
    Matcher row = ROW.matcher(doc);
    while (row.find()) {
      documented.put(row.group(1), row.group(2));
    }

    assertEquals(expected, documented);
  }

  /**
   * The SAM CLI asks `Parameter <Name> [<Default>]` for each template parameter in template order
   * (its guided_context.py, `prompt_parameters`), and proposes samconfig.toml's stack name.
   */
  @Test
  void guidedTranscriptAsksForEveryParameterInOrderWithItsDefault() {
    String transcript = fencedBlockContaining("Setting default arguments for 'sam deploy'");

    Map<String, String> expected = new LinkedHashMap<>();
    template
        .section("Parameters")
        .forEach(
            (name, parameter) ->
                expected.put(
                    name,
                    String.valueOf(
                        SamTemplate.asMap(parameter, name).getOrDefault("Default", ""))));
    Map<String, String> prompted = new LinkedHashMap<>();
    Matcher prompt = PARAMETER_PROMPT.matcher(transcript);
    while (prompt.find()) {
      prompted.put(prompt.group(1), prompt.group(2));
    }
    assertEquals(List.copyOf(expected.entrySet()), List.copyOf(prompted.entrySet()));

    Matcher stackName =
        Pattern.compile("(?m)^stack_name = \"([^\"]+)\"").matcher(Fixtures.read("samconfig.toml"));
    assertTrue(stackName.find(), "samconfig.toml names no stack_name");
    assertTrue(
        transcript.contains("Stack Name [" + stackName.group(1) + "]:"),
        "the transcript's stack name is samconfig.toml's");
  }

  @Test
  void namesTheFirstSamCliReleaseThatKnowsTheRuntime() {
    Object runtime =
        SamTemplate.asMap(template.section("Globals").get("Function"), "Globals.Function")
            .get("Runtime");
    String version = FIRST_SAM_CLI_WITH.get(String.valueOf(runtime));
    assertTrue(
        version != null,
        "name the first SAM CLI release that knows "
            + runtime
            + " here, in docs/OPERATIONS.md and in samconfig.toml");

    Matcher named = Pattern.compile("SAM CLI (\\d+\\.\\d+\\.\\d+) or later").matcher(doc);
    Set<String> versions = new TreeSet<>();
    boolean besideTheRuntime = false;
    while (named.find()) {
      versions.add(named.group(1));
      besideTheRuntime |= paragraphAround(named.start()).contains("`" + runtime + "`");
    }
    assertEquals(Set.of(version), versions, "the SAM CLI versions docs/OPERATIONS.md asks for");
    assertTrue(besideTheRuntime, "say why: name " + runtime + " beside the version");

    String samconfig = Fixtures.read("samconfig.toml");
    assertTrue(
        samconfig.contains(version + " or later") && samconfig.contains(String.valueOf(runtime)),
        "samconfig.toml's header names the SAM CLI version and the runtime");
  }

  /**
   * The SAM CLI reads AWS_DEFAULT_REGION (botocore), this repository's tools AWS_REGION (the AWS
   * SDK for Java): a shell set up for one and not the other deploys to a region it never named.
   */
  @Test
  void everyRegionExportSetsTheVariableTheSamCliReadsToo() {
    List<String> exports = doc.lines().filter(line -> line.strip().startsWith("export ")).toList();
    for (String line : exports) {
      if (line.contains("AWS_REGION=")) {
        assertTrue(line.contains("AWS_DEFAULT_REGION="), line);
      }
    }
    assertTrue(
        exports.stream().anyMatch(line -> line.contains("AWS_DEFAULT_REGION=")),
        "the first deploy sets AWS_DEFAULT_REGION");
  }

  @Test
  void dashboardUrlIsDescribedOnEachPartitionsConsoleHost() {
    Map<String, Object> hosts =
        SamTemplate.asMap(template.section("Mappings").get("ConsoleHosts"), "ConsoleHosts");
    for (Object host : hosts.values()) {
      String name = String.valueOf(SamTemplate.asMap(host, "ConsoleHosts entry").get("Host"));
      assertTrue(doc.contains("`" + name + "`") || doc.contains("https://" + name + "/"), name);
    }
    assertTrue(doc.contains("https://console.aws.amazon.com/cloudwatch/home?region="));
    assertFalse(doc.contains(".console.amazonaws.com"), "not a console host");
    assertFalse(doc.contains(".console.${AWS::URLSuffix}"), "not a console host");
  }

  @Test
  void outputsTableNamesEveryOutput() {
    String section = section("### 3. Outputs");
    Set<String> documented = new TreeSet<>();
    Matcher cell = Pattern.compile("(?m)^\\| (`[A-Za-z]+`(?:, `[A-Za-z]+`)*) \\|").matcher(section);
    while (cell.find()) {
      Matcher name = Pattern.compile("`([A-Za-z]+)`").matcher(cell.group(1));
      while (name.find()) {
        documented.add(name.group(1));
      }
    }
    assertEquals(new TreeSet<>(template.section("Outputs").keySet()), documented);
  }

  /** The tables outlive the stack, and after `sam delete` its outputs are gone: record first. */
  @Test
  void aStacksTablesAreRecordedBeforeItIsDeleted() {
    String section = section("## Remove a stack for good");
    int record = section.indexOf("aws cloudformation list-stack-resources");
    int delete = section.indexOf("sam delete --stack-name");
    assertTrue(record >= 0 && delete > record, "record the tables, then sam delete");
    assertTrue(section.contains("ResourceType=='AWS::DynamoDB::Table'"));

    int tables = template.resourcesOfType("AWS::DynamoDB::Table").size();
    String count =
        List.of("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
            .get(tables);
    assertTrue(
        section.contains(count + " tables"),
        "docs/OPERATIONS.md speaks of the " + count + " tables the template declares");
  }

  /** What SAM attaches besides the template's statements, as the installed translator does it. */
  @Test
  void managedPoliciesAreTheOnesTheTranslatorAttaches() {
    JsonNode resources = SamTranslator.translate().path("Resources");
    Set<String> attached = new TreeSet<>();
    for (String function : Templates.functions(template)) {
      for (JsonNode arn :
          resources.path(function + "Role").path("Properties").path("ManagedPolicyArns")) {
        String text = arn.isTextual() ? arn.asText() : arn.path("Fn::Sub").asText();
        attached.add(text.substring(text.lastIndexOf('/') + 1));
      }
    }

    String section = section("### What each function's role holds");
    Map<String, String> rows = new TreeMap<>();
    Matcher row = Pattern.compile("(?m)^\\| `([A-Za-z_]+)` \\|(.*)$").matcher(section);
    while (row.find()) {
      rows.put(row.group(1), row.group(2));
    }
    assertEquals(attached, rows.keySet());
    for (String policy : List.of("AWSLambdaSQSQueueExecutionRole")) {
      assertTrue(
          rows.get(policy).contains("`Resource: \"*\"`"),
          policy + " is described with the resource it grants on");
    }
  }

  private String fencedBlockContaining(String text) {
    List<String> blocks = new ArrayList<>(Arrays.asList(doc.split("```")));
    for (int i = 1; i < blocks.size(); i += 2) {
      if (blocks.get(i).contains(text)) {
        return blocks.get(i);
      }
    }
    throw new AssertionError("docs/OPERATIONS.md has no code block with " + text);
  }

  private String paragraphAround(int index) {
    int start = doc.lastIndexOf("\n\n", index);
    int end = doc.indexOf("\n\n", index);
    return doc.substring(Math.max(start, 0), end < 0 ? doc.length() : end);
  }

  /** From the heading to the next heading of the same or a higher level. */
  private String section(String heading) {
    int start = doc.indexOf("\n" + heading + "\n");
    assertTrue(start >= 0, "docs/OPERATIONS.md has no " + heading);
    String level = heading.substring(0, heading.indexOf(' ') + 1);
    Matcher next = Pattern.compile("(?m)^#{1," + (level.length() - 1) + "} ").matcher(doc);
    int end = next.find(start + heading.length() + 1) ? next.start() : doc.length();
    return doc.substring(start, end);
  }
}

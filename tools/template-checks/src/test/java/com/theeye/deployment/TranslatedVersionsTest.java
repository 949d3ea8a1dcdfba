package com.theeye.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A deploy that only changes a parameter still reaches traffic. SAM names each function's version
 * after a hash of its code and its unresolved environment, so a parameter's new value alone keeps
 * the version; the version's Description (the function's VersionDescription) carries the values,
 * CloudFormation replaces a version whose Description changes, and the `live` alias follows the
 * replacement (docs/OPERATIONS.md, "Every deploy reaches traffic").
 */
class TranslatedVersionsTest {

  /** Every function of the template: each publishes versions behind its alias. */
  private static final List<String> FUNCTIONS = Templates.functions(Templates.theTemplate());

  /**
   * Properties of a function that no version carries: its event sources, and its reserved
   * concurrency, which Lambda applies to the function across its versions
   * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html).
   */
  private static final Set<String> NOT_VERSIONED =
      Set.of("Events", "ReservedConcurrentExecutions", "VersionDescription");

  private static final Pattern SUBSTITUTION = Pattern.compile("\\$\\{([A-Za-z0-9:]+)}");

  /**
   * aws-cloudformation/cfn-language-discussion#139: with AWS::LanguageExtensions, a template with
   * `DeletionPolicy: RetainExceptOnCreate` fails its change set. The template needs no transform
   * but SAM's, and sam_translate.py refuses any other.
   */
  @Test
  void theTemplateDeclaresTheSamTransformAlone() {
    assertEquals("AWS::Serverless-2016-10-31", Templates.theTemplate().document().get("Transform"));
  }

  /**
   * Exactly these parameters, in this form: a parameter missing from it would change the function
   * without publishing a version; a description that changed without the function (a reworded one,
   * a parameter the function does not use) would replace the version when there is nothing new to
   * publish, and Lambda refuses that ("A version for this Lambda function exists").
   */
  @Test
  void eachVersionDescriptionNamesEveryParameterOfTheVersionedConfiguration() {
    SamTemplate template = Templates.theTemplate();
    for (String function : FUNCTIONS) {
      Map<String, Object> versioned = new LinkedHashMap<>(template.functionProperties(function));
      versioned.keySet().removeAll(NOT_VERSIONED);
      Set<String> parameters = new TreeSet<>();
      collectParameterRefs(versioned, template.section("Parameters").keySet(), parameters);

      String expected =
          parameters.stream()
              .map(name -> name + "=${" + name + "}")
              .collect(Collectors.joining(" "));
      assertEquals(
          Map.of("Fn::Sub", expected),
          template.properties(function).get("VersionDescription"),
          function + ": VersionDescription must be exactly this (TranslatedVersionsTest says why)");
    }
  }

  @Test
  void cloudFormationReplacesAVersionWhoseDescriptionChanges() {
    assertTrue(ResourceSchemas.replacesOnChange("AWS::Lambda::Version", "Description"));
  }

  @Test
  void aNewMaxBodyBytesGivesTheIngestVersionANewDescriptionAndTheAliasFollowsIt() {
    Map<String, String> changed = Map.of("MaxBodyBytes", "102400");
    JsonNode before = SamTranslator.translate();
    JsonNode after = SamTranslator.translate(changed);

    String description = description(after, Templates.INGEST, changed);
    assertNotEquals(description(before, Templates.INGEST, Map.of()), description);
    assertTrue(description.contains("MaxBodyBytes=102400"), description);
    assertEquals(
        "{\"Fn::GetAtt\":[\"" + version(after, Templates.INGEST) + "\",\"Version\"]}",
        after
            .path("Resources")
            .path(Templates.INGEST + "Aliaslive")
            .path("Properties")
            .path("FunctionVersion")
            .toString());
  }

  @Test
  void aNewIngestMemorySizeGivesTheIngestVersionANewDescription() {
    Map<String, String> changed = Map.of("IngestMemorySize", "2048");
    assertNotEquals(
        description(SamTranslator.translate(), Templates.INGEST, Map.of()),
        description(SamTranslator.translate(changed), Templates.INGEST, changed));
  }

  /** The architecture is part of what a version holds: every function publishes a new one. */
  @Test
  void aNewArchitectureGivesEveryFunctionANewVersionDescription() {
    Map<String, String> changed = Map.of("Architecture", "x86_64");
    JsonNode before = SamTranslator.translate();
    JsonNode after = SamTranslator.translate(changed);
    for (String function : FUNCTIONS) {
      String description = description(after, function, changed);
      assertNotEquals(description(before, function, Map.of()), description, function);
      assertTrue(description.contains("Architecture=x86_64"), description);
    }
  }

  /** How the Events table is billed is no function's configuration: no version changes. */
  @Test
  void theTableCapacityModeLeavesEveryVersionAlone() {
    Map<String, String> changed = Map.of("TableCapacityMode", "PROVISIONED");
    JsonNode before = SamTranslator.translate();
    JsonNode after = SamTranslator.translate(changed);
    for (String function : FUNCTIONS) {
      assertEquals(version(before, function), version(after, function), function);
      assertEquals(
          description(before, function, Map.of()), description(after, function, changed), function);
    }
  }

  /**
   * IndexShards (processor, query, deletion) and the two the deletion's settle time follows from
   * (SuppressionCacheSeconds, ProcessorTimeout): the functions that read one publish, the others
   * keep their version.
   */
  @Test
  void aSharedParameterChangesTheVersionOfEveryFunctionThatReadsIt() {
    SamTemplate template = Templates.theTemplate();
    JsonNode before = SamTranslator.translate();
    for (Map<String, String> changed :
        List.of(
            Map.of("IndexShards", "16"),
            Map.of("SuppressionCacheSeconds", "300"),
            Map.of("ProcessorTimeout", "60"))) {
      String parameter = changed.keySet().iterator().next();
      JsonNode after = SamTranslator.translate(changed);
      Set<String> readers = new TreeSet<>();
      for (String function : FUNCTIONS) {
        Map<String, Object> versioned = new LinkedHashMap<>(template.functionProperties(function));
        versioned.keySet().removeAll(NOT_VERSIONED);
        Set<String> read = new TreeSet<>();
        collectParameterRefs(versioned, Set.of(parameter), read);
        if (read.isEmpty()) {
          assertEquals(
              description(before, function, Map.of()),
              description(after, function, changed),
              function + " does not read " + parameter);
        } else {
          readers.add(function);
          assertNotEquals(
              description(before, function, Map.of()),
              description(after, function, changed),
              function + " reads " + parameter);
        }
      }
      assertTrue(readers.size() >= 2, parameter + " is shared: " + readers);
    }
  }

  /**
   * Neither changes what a version holds, so neither may replace one: Lambda would have nothing new
   * to publish and the deploy would fail.
   */
  @Test
  void parametersNoVersionHoldsLeaveEveryVersionAlone() {
    JsonNode before = SamTranslator.translate();
    for (Map<String, String> changed :
        List.of(Map.of("LogRetentionDays", "90"), Map.of("IngestReservedConcurrency", "50"))) {
      JsonNode after = SamTranslator.translate(changed);
      for (String function : FUNCTIONS) {
        assertEquals(version(before, function), version(after, function), function);
        assertEquals(
            description(before, function, Map.of()),
            description(after, function, changed),
            function + " with " + changed);
      }
    }
  }

  /**
   * Lambda's limit on a version's description (the schema's maxLength, 256), with every parameter
   * at its longest: its longest allowed value, its MaxValue, or 19 digits where nothing bounds it.
   */
  @Test
  void everyDescriptionFitsLambdasLimitWithEveryParameterAtItsLongest() {
    int limit =
        ResourceSchemas.of("AWS::Lambda::Version").at("/properties/Description/maxLength").asInt();
    SamTemplate template = Templates.theTemplate();
    for (String function : FUNCTIONS) {
      String text =
          String.valueOf(
              SamTemplate.asMap(template.properties(function).get("VersionDescription"), function)
                  .get("Fn::Sub"));
      Matcher name = SUBSTITUTION.matcher(text);
      String longest = name.replaceAll(match -> "9".repeat(longestValue(template, match.group(1))));
      assertTrue(longest.length() <= limit, function + ": " + longest.length() + " > " + limit);
    }
  }

  private static int longestValue(SamTemplate template, String parameter) {
    Map<String, Object> declared =
        SamTemplate.asMap(template.section("Parameters").get(parameter), parameter);
    if (declared.get("AllowedValues") instanceof List<?> allowed) {
      return allowed.stream().mapToInt(value -> String.valueOf(value).length()).max().orElse(0);
    }
    if (declared.get("MaxValue") != null) {
      return String.valueOf(declared.get("MaxValue")).length();
    }
    return String.valueOf(Long.MAX_VALUE).length();
  }

  /** The function's version Description as CloudFormation resolves it with these parameters. */
  private static String description(
      JsonNode template, String function, Map<String, String> overrides) {
    JsonNode description =
        template
            .path("Resources")
            .path(version(template, function))
            .path("Properties")
            .path("Description");
    assertTrue(description.path("Fn::Sub").isTextual(), function + ": " + description);
    Map<String, String> values = new TreeMap<>();
    Templates.theTemplate()
        .section("Parameters")
        .forEach(
            (name, declared) ->
                values.put(name, String.valueOf(SamTemplate.asMap(declared, name).get("Default"))));
    values.putAll(overrides);
    return SUBSTITUTION
        .matcher(description.path("Fn::Sub").asText())
        .replaceAll(
            match -> {
              String value = values.get(match.group(1));
              assertTrue(value != null, "not a parameter: " + match.group(1));
              return Matcher.quoteReplacement(value);
            });
  }

  private static void collectParameterRefs(Object node, Set<String> parameters, Set<String> into) {
    if (node instanceof Map<?, ?> map) {
      if (map.size() == 1 && map.get("Ref") instanceof String name && parameters.contains(name)) {
        into.add(name);
      }
      map.values().forEach(value -> collectParameterRefs(value, parameters, into));
    } else if (node instanceof Iterable<?> list) {
      list.forEach(value -> collectParameterRefs(value, parameters, into));
    }
  }

  private static String version(JsonNode template, String function) {
    Set<String> versions = new TreeSet<>();
    template
        .path("Resources")
        .properties()
        .forEach(
            resource -> {
              if (resource.getKey().startsWith(function + "Version")
                  && resource.getValue().path("Type").asText().equals("AWS::Lambda::Version")) {
                versions.add(resource.getKey());
              }
            });
    assertEquals(1, versions.size(), function + " versions: " + versions);
    return versions.iterator().next();
  }
}

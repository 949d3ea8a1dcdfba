package com.theeye.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.theeye.ingest.IngestConfig;
import com.theeye.local.LocalSettings;
import com.theeye.processor.ProcessorConfig;
import com.theeye.query.QueryConfig;
import com.theeye.testsupport.Fixtures;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/CONFIGURATION.md has, for each function and for {@code make run}, exactly the variables its
 * configuration class reads: {@code required} for those it cannot start without, and for the others
 * a default that, set explicitly, gives the same configuration as leaving the variable out. The
 * defaults are read from the classes' behaviour, not from a list kept here.
 */
class ConfigurationDocTest {

  private static final String DOC = "docs/CONFIGURATION.md";

  /**
   * {@code | `NAME` | default | meaning |}: the default is {@code required...} or {@code
   * `value`...}.
   */
  private static final Pattern ROW =
      Pattern.compile("(?m)^\\| `([A-Z][A-Z0-9_]*)` \\| (required[^|]*|`([^`]*)`[^|]*) \\|");

  /** A value every required variable accepts: a region, a table or queue name, an ARN alike. */
  private static final String ANY = "eu-west-1";

  @Test
  void theIngestFunctionsTableIsIngestConfig() {
    assertDocumented(
        "Ingest function",
        IngestConfig.REQUIRED_ENVIRONMENT,
        IngestConfig.OPTIONAL_ENVIRONMENT,
        IngestConfig::fromEnv);
  }

  @Test
  void theProcessorsTableIsProcessorConfig() {
    assertDocumented(
        "Processor function",
        ProcessorConfig.REQUIRED_ENVIRONMENT,
        ProcessorConfig.OPTIONAL_ENVIRONMENT,
        ProcessorConfig::fromEnv);
  }

  @Test
  void theQueryFunctionsTableIsQueryConfig() {
    assertDocumented(
        "Query function",
        QueryConfig.REQUIRED_ENVIRONMENT,
        QueryConfig.OPTIONAL_ENVIRONMENT,
        QueryConfig::fromEnv);
  }

  /** LocalSettings keeps no list of its variables: the ones it looks up are the list. */
  @Test
  void makeRunsTableIsLocalSettings() {
    Set<String> read = new TreeSet<>();
    LocalSettings.fromEnv(recording(read));
    assertFalse(read.isEmpty(), "LocalSettings reads its variables from the map it is given");

    assertDocumented("`make run`", List.of(), List.copyOf(read), LocalSettings::fromEnv);
  }

  private static void assertDocumented(
      String section,
      List<String> required,
      List<String> optional,
      Function<Map<String, String>, ?> configuration) {
    Map<String, String> documented = rows(section);
    Set<String> expected = new TreeSet<>(required);
    expected.addAll(optional);
    assertEquals(expected, documented.keySet(), DOC + ", " + section + ": the variables");

    Map<String, String> requiredOnly = new HashMap<>();
    required.forEach(name -> requiredOnly.put(name, ANY));
    Object defaults = configuration.apply(requiredOnly);
    for (String name : required) {
      assertEquals(
          "required", documented.get(name), DOC + ", " + section + ": " + name + " is required");
    }
    for (String name : optional) {
      String value = documented.get(name);
      assertTrue(
          value != null && !value.equals("required"),
          DOC + ", " + section + ": " + name + " has a default");
      Map<String, String> explicit = new HashMap<>(requiredOnly);
      explicit.put(name, value);
      assertEquals(
          defaults,
          configuration.apply(explicit),
          DOC + ", " + section + ": " + name + "=" + value + " is its default");
    }
  }

  /** The section's rows: each variable with its default, or {@code required}. */
  private static Map<String, String> rows(String section) {
    String text = Fixtures.read(DOC);
    Matcher heading = Pattern.compile("(?m)^## " + Pattern.quote(section) + "$").matcher(text);
    assertTrue(heading.find(), DOC + " has a section ## " + section);
    int end = text.indexOf("\n## ", heading.end());
    String body = text.substring(heading.end(), end < 0 ? text.length() : end);
    Map<String, String> rows = new LinkedHashMap<>();
    Matcher row = ROW.matcher(body);
    while (row.find()) {
      String value = row.group(3) != null ? row.group(3) : "required";
      assertEquals(
          null,
          rows.put(row.group(1), value),
          DOC + ", " + section + ": " + row.group(1) + " twice");
    }
    return rows;
  }

  /** An empty environment that notes every variable looked up in it. */
  private static Map<String, String> recording(Set<String> read) {
    return new HashMap<>() {
      @Override
      public String get(Object key) {
        read.add((String) key);
        return super.get(key);
      }

      @Override
      public String getOrDefault(Object key, String otherwise) {
        read.add((String) key);
        return super.getOrDefault(key, otherwise);
      }

      @Override
      public boolean containsKey(Object key) {
        read.add((String) key);
        return super.containsKey(key);
      }
    };
  }
}

package com.theeye.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.theeye.testsupport.Fixtures;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/OPERATIONS.md documents every template parameter with the template's default, and nothing
 * else.
 */
class OperationsDocTest {

  private static final Pattern ROW = Pattern.compile("(?m)^\\| `([A-Za-z0-9]+)` \\| `([^`]*)` \\|");

  @Test
  void parameterTableMatchesTheTemplate() {
    SamTemplate template = Templates.theTemplate();
    Map<String, String> expected = new TreeMap<>();
    template
        .section("Parameters")
        .forEach(
            (name, parameter) -> {
              Object value = SamTemplate.asMap(parameter, name).get("Default");
              expected.put(name, "".equals(value) ? "\"\"" : String.valueOf(value));
            });

    Map<String, String> documented = new TreeMap<>();
    Matcher row = ROW.matcher(Fixtures.read("docs/OPERATIONS.md"));
    while (row.find()) {
      documented.put(row.group(1), row.group(2));
    }

    assertEquals(expected, documented);
  }
}

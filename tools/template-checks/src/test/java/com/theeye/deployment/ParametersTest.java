package com.theeye.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every parameter is read by something. cfn-lint checks this (W2001) only for templates without a
 * Transform, so for SAM templates it is checked here.
 */
class ParametersTest {

  private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^!}.][^}.]*)[^}]*}");

  @Test
  void everyParameterIsUsed() {
    SamTemplate template = Templates.theTemplate();
    Set<String> used = new TreeSet<>();
    collectNames(template.document(), used);

    Set<String> unused = new TreeSet<>(template.section("Parameters").keySet());
    unused.removeAll(used);

    assertEquals(Set.of(), unused, "a parameter nothing reads misleads whoever sets it");
  }

  private static void collectNames(Object node, Set<String> into) {
    if (node instanceof Map<?, ?> map) {
      map.forEach(
          (key, value) -> {
            if ("Ref".equals(key) && value instanceof String name) {
              into.add(name);
            } else if ("Fn::Sub".equals(key)) {
              Object text = SamTemplate.asList(value).getFirst();
              Matcher matcher = SUB_VARIABLE.matcher(String.valueOf(text));
              while (matcher.find()) {
                into.add(matcher.group(1));
              }
            }
            collectNames(value, into);
          });
    } else if (node instanceof List<?> list) {
      new ArrayList<>(list).forEach(item -> collectNames(item, into));
    }
  }
}

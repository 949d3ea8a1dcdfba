package com.theeye.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TemplateReferencesTest {

  @Test
  void everyReferenceInTheTemplateNamesSomethingThatExists() {
    assertEquals(List.of(), TemplateReferences.dangling(Templates.theTemplate()));
  }

  @Test
  void everyParameterIsUsed() {
    SamTemplate template = Templates.theTemplate();
    Set<String> used = new TreeSet<>();
    collectNames(template.document(), used);

    Set<String> unused = new TreeSet<>(template.section("Parameters").keySet());
    unused.removeAll(used);

    assertEquals(Set.of(), unused, "a parameter nothing reads misleads whoever sets it");
  }

  @Test
  void reportsEachKindOfDanglingReference() {
    SamTemplate broken =
        SamTemplate.parse(
            """
            Parameters:
              Size: {Type: Number, Default: 1}
            Conditions:
              IsBig: !Equals [!Ref Size, 2]
            Resources:
              Queue:
                Type: AWS::SQS::Queue
                DependsOn: [Table]
                Condition: IsHuge
                Properties:
                  VisibilityTimeout: !Ref Sise
                  RedrivePolicy:
                    deadLetterTargetArn: !GetAtt DeadLetters.Arn
                  Tags:
                    - Key: name
                      Value: !Sub '${AWS::StackName}-${Nme}-${Queue.Arn}-${!Literal}'
                    - Key: size
                      Value: !If [IsLarge, big, small]
            """);

    List<String> dangling = TemplateReferences.dangling(broken);

    assertEquals(6, dangling.size(), String.join("\n", dangling));
    for (String name : List.of("Table", "IsHuge", "Sise", "DeadLetters", "Nme", "IsLarge")) {
      assertTrue(
          dangling.stream().anyMatch(p -> p.contains(name)), name + " not reported in " + dangling);
    }
  }

  private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^!}.][^}.]*)[^}]*}");

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

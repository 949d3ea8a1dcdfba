package com.theeye.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.constructor.ConstructorException;

class CloudFormationYamlTest {

  private static Object value(String yaml) {
    return CloudFormationYaml.parse("v: " + yaml).get("v");
  }

  @Test
  void refAndConditionBecomeTheirLongForm() {
    assertEquals(Map.of("Ref", "EventsQueue"), value("!Ref EventsQueue"));
    assertEquals(Map.of("Condition", "HasAlarmEmail"), value("!Condition HasAlarmEmail"));
  }

  @Test
  void getAttIsSplitAtTheFirstDotOrKeptAsAList() {
    assertEquals(
        Map.of("Fn::GetAtt", List.of("EventsQueue", "Arn")), value("!GetAtt EventsQueue.Arn"));
    assertEquals(
        Map.of("Fn::GetAtt", List.of("Db", "Endpoint.Address")),
        value("!GetAtt Db.Endpoint.Address"));
    assertEquals(
        Map.of("Fn::GetAtt", List.of("EventsQueue", "Arn")), value("!GetAtt [EventsQueue, Arn]"));
  }

  @Test
  void rejectsGetAttWithoutAttribute() {
    var e = assertThrows(IllegalArgumentException.class, () -> value("!GetAtt EventsQueue"));
    assertEquals(true, e.getMessage().contains("Resource.Attribute"), e.getMessage());
  }

  @Test
  void functionsBecomeFnKeysAroundTheirParsedArguments() {
    assertEquals(
        Map.of("Fn::Sub", "arn:${AWS::Partition}:x"), value("!Sub arn:${AWS::Partition}:x"));
    assertEquals(
        Map.of("Fn::Sub", List.of("${A}-${B}", Map.of("B", Map.of("Ref", "P")))),
        value("!Sub ['${A}-${B}', {B: !Ref P}]"));
    assertEquals(
        Map.of("Fn::Join", List.of(",", List.of("a", Map.of("Ref", "P")))),
        value("!Join [',', [a, !Ref P]]"));
    assertEquals(
        Map.of("Fn::If", List.of("C", "yes", Map.of("Ref", "AWS::NoValue"))),
        value("!If [C, 'yes', !Ref AWS::NoValue]"));
    assertEquals(
        Map.of("Fn::Not", List.of(Map.of("Fn::Equals", List.of(Map.of("Ref", "P"), "")))),
        value("!Not [!Equals [!Ref P, '']]"));
    assertEquals(
        Map.of(
            "Fn::And",
            List.of(
                Map.of("Condition", "A"),
                Map.of("Fn::Or", List.of(Map.of("Condition", "B"), Map.of("Condition", "C"))))),
        value("!And [!Condition A, !Or [!Condition B, !Condition C]]"));
    assertEquals(
        Map.of("Fn::Select", List.of(0, Map.of("Fn::Split", List.of(",", "a,b")))),
        value("!Select [0, !Split [',', 'a,b']]"));
    assertEquals(Map.of("Fn::FindInMap", List.of("M", "k", "v")), value("!FindInMap [M, k, v]"));
    assertEquals(Map.of("Fn::ImportValue", "shared-vpc"), value("!ImportValue shared-vpc"));
    assertEquals(Map.of("Fn::Base64", "hello"), value("!Base64 hello"));
    assertEquals(
        Map.of("Fn::Cidr", List.of("10.0.0.0/16", 4, 8)), value("!Cidr ['10.0.0.0/16', 4, 8]"));
    assertEquals(Map.of("Fn::GetAZs", ""), value("!GetAZs ''"));
  }

  @Test
  void multiLineSubKeepsItsText() {
    Map<String, Object> parsed = CloudFormationYaml.parse("v: !Sub |\n  a ${X}\n  b\n");
    assertEquals(Map.of("Fn::Sub", "a ${X}\nb\n"), parsed.get("v"));
  }

  @Test
  void rejectsUnknownTags() {
    assertThrows(ConstructorException.class, () -> value("!Reff EventsQueue"));
  }

  @Test
  void rejectsADocumentThatIsNotAMapping() {
    assertThrows(IllegalArgumentException.class, () -> CloudFormationYaml.parse("- a\n- b\n"));
  }
}

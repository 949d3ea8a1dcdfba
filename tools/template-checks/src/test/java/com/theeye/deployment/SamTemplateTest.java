package com.theeye.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.yaml.snakeyaml.constructor.ConstructorException;

/** Short-form tags read as the long form CloudFormation itself uses. */
class SamTemplateTest {

  private static Object value(String yaml) {
    return SamTemplate.parse("v: " + yaml).document().get("v");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      textBlock =
          """
          !Ref Queue                  | {Ref: Queue}
          !Condition HasEmail         | {Condition: HasEmail}
          !GetAtt Queue.Arn           | {'Fn::GetAtt': [Queue, Arn]}
          !GetAtt Db.Endpoint.Address | {'Fn::GetAtt': [Db, Endpoint.Address]}
          !GetAtt [Queue, Arn]        | {'Fn::GetAtt': [Queue, Arn]}
          !Sub 'arn:${AWS::Region}'   | {'Fn::Sub': 'arn:${AWS::Region}'}
          !Sub ['${A}', {A: !Ref P}]  | {'Fn::Sub': ['${A}', {A: {Ref: P}}]}
          !If [C, a, !Ref P]          | {'Fn::If': [C, a, {Ref: P}]}
          !Not [!Equals [!Ref P, '']] | {'Fn::Not': [{'Fn::Equals': [{Ref: P}, '']}]}
          !And [!Condition A, !Or [!Condition B, !Condition C]] \
            | {'Fn::And': [{Condition: A}, {'Fn::Or': [{Condition: B}, {Condition: C}]}]}
          !Select [0, !Split [',', 'a,b']] | {'Fn::Select': [0, {'Fn::Split': [',', 'a,b']}]}
          !Join [',', [a, !Ref P]]    | {'Fn::Join': [',', [a, {Ref: P}]]}
          !FindInMap [M, k, v]        | {'Fn::FindInMap': [M, k, v]}
          !GetAZs ''                  | {'Fn::GetAZs': ''}
          !ImportValue shared-vpc     | {'Fn::ImportValue': shared-vpc}
          !Base64 hello               | {'Fn::Base64': hello}
          !Cidr ['10.0.0.0/16', 4, 8] | {'Fn::Cidr': ['10.0.0.0/16', 4, 8]}
          """)
  void shortFormReadsAsTheLongForm(String shortForm, String longForm) {
    assertEquals(value(longForm), value(shortForm));
  }

  @Test
  void getAttWithoutAnAttributeFails() {
    var e = assertThrows(IllegalArgumentException.class, () -> value("!GetAtt Queue"));
    assertTrue(e.getMessage().contains("Resource.Attribute"), e.getMessage());
  }

  @Test
  void unknownTagsFail() {
    assertThrows(ConstructorException.class, () -> value("!Reff Queue"));
  }

  @Test
  void unquotedDatesStayText() {
    assertEquals("2012-10-17", value("2012-10-17"));
  }

  @Test
  void aTemplateIsAMapping() {
    assertThrows(IllegalArgumentException.class, () -> SamTemplate.parse("- a\n- b\n"));
  }

  @Test
  void multiLineSubKeepsItsText() {
    assertEquals(Map.of("Fn::Sub", "a ${X}\nb\n"), value("!Sub |\n  a ${X}\n  b\n"));
  }
}

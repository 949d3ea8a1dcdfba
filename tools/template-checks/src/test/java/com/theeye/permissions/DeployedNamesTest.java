package com.theeye.permissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class DeployedNamesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final DeployedNames names =
      new DeployedNames(
          json(
              """
              {"Parameters": {"Shards": {"Type": "Number", "Default": 8}},
               "Resources": {
                 "EventsTable": {"Type": "AWS::DynamoDB::Table"},
                 "NamedTable": {"Type": "AWS::DynamoDB::Table",
                                "Properties": {"TableName": {"Fn::Sub": "${AWS::StackName}-named"}}},
                 "EventsQueue": {"Type": "AWS::SQS::Queue"},
                 "Secret": {"Type": "AWS::SecretsManager::Secret"}}}
              """));

  @Test
  void getAttArnOfATableIsItsArn() {
    assertEquals(
        "arn:aws:dynamodb:eu-west-1:123456789012:table/the-eye-EventsTable-GENERATED",
        names.evaluate(json("{\"Fn::GetAtt\": [\"EventsTable\", \"Arn\"]}")));
  }

  @Test
  void anIndexArnIsTheTablesArnFollowedByTheIndex() {
    assertEquals(
        names.getAtt("EventsTable", "Arn") + "/index/by-category",
        names.evaluate(json("{\"Fn::Sub\": \"${EventsTable.Arn}/index/by-category\"}")));
  }

  @Test
  void aTableNamedInTheTemplateKeepsItsName() {
    assertEquals("the-eye-named", names.ref("NamedTable"));
    assertTrue(names.getAtt("NamedTable", "Arn").endsWith(":table/the-eye-named"));
  }

  @Test
  void refOfASecretIsItsArnAndRefOfAQueueIsItsUrlNotItsArn() {
    assertEquals(names.getAtt("Secret", "Id"), names.evaluate(json("{\"Ref\": \"Secret\"}")));
    assertTrue(
        names.ref("Secret").startsWith("arn:aws:secretsmanager:eu-west-1:123456789012:secret:"));
    String url = names.evaluate(json("{\"Ref\": \"EventsQueue\"}"));
    assertTrue(url.startsWith("https://sqs.eu-west-1.amazonaws.com/123456789012/"), url);
    assertEquals(
        "arn:aws:sqs:eu-west-1:123456789012:the-eye-EventsQueue-GENERATED",
        names.getAtt("EventsQueue", "Arn"));
  }

  @Test
  void subAndJoinResolvePseudoParametersParametersAndEscapes() {
    assertEquals(
        "arn:aws:logs:eu-west-1:123456789012:8:${Literal}",
        names.evaluate(
            json(
                "{\"Fn::Sub\": \"arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:${Shards}:${!Literal}\"}")));
    assertEquals(
        "a-8-b",
        names.evaluate(json("{\"Fn::Join\": [\"-\", [\"a\", {\"Ref\": \"Shards\"}, \"b\"]]}")));
  }

  @Test
  void whatTheCheckCannotEvaluateIsNamed() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> names.evaluate(json("{\"Fn::If\": [\"C\", \"a\", \"b\"]}")));
    assertTrue(e.getMessage().contains("Fn::If"), e.getMessage());
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(text, e);
    }
  }
}

package com.theeye.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LocalStackSelectionTest {

  @AfterEach
  void clearSelection() {
    System.clearProperty("eye.emulators");
  }

  @Test
  void withoutDockerLocalStackTestsAreSkippedWithTheReasonInsteadOfFailing() {
    assumeFalse(LocalStackBackend.dockerAvailable(), "this machine has Docker");
    System.setProperty("eye.emulators", "localstack");

    var result = new AwsEmulators().evaluateExecutionCondition(null);

    assertTrue(result.isDisabled());
    assertEquals(AwsEmulators.NO_DOCKER, result.getReason().orElseThrow());
  }

  // The selection is read from explicit values: `make test-localstack` sets EYE_EMULATORS for this
  // very JVM, so a test reading the real environment would describe the run, not the rule.
  @Test
  void localEmulatorsAreTheDefault() {
    assertFalse(AwsEmulators.selectsLocalStack(null, null));
    assertFalse(AwsEmulators.selectsLocalStack(null, "elasticmq"));
  }

  @Test
  void localStackIsSelectedByTheVariableOrThePropertyInAnyCase() {
    assertTrue(AwsEmulators.selectsLocalStack(null, "LocalStack"));
    assertTrue(AwsEmulators.selectsLocalStack("localstack", null));
  }

  @Test
  void thePropertyWinsOverTheVariable() {
    assertFalse(AwsEmulators.selectsLocalStack("local", "localstack"));
    assertTrue(AwsEmulators.selectsLocalStack("localstack", "local"));
  }
}

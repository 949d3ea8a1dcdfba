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

  @Test
  void localEmulatorsAreTheDefault() {
    assertFalse(AwsEmulators.localStackSelected());
    assertFalse(new AwsEmulators().evaluateExecutionCondition(null).isDisabled());
  }
}

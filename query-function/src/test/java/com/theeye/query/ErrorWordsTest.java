package com.theeye.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ErrorWordsTest {

  @Test
  void aMissingFieldIsRequired() {
    assertEquals(
        "data.element: required", ErrorWords.of("data.element", "This field is required."));
  }

  @Test
  void aMissingKeyIsNamedAfterItsObject() {
    assertEquals(
        "data.form.email: required", ErrorWords.of("data.form", "required key [email] not found"));
  }

  @Test
  void aWrongTypeSaysWhatWasExpectedAndWhatCame() {
    assertEquals(
        "data.path: must be a string, not a whole number",
        ErrorWords.of("data.path", "expected type: String, found: Integer"));
  }

  @Test
  void aMessageNoRuleKnowsIsShownAsItIs() {
    assertEquals("timestamp: is in the future", ErrorWords.of("timestamp", "is in the future"));
  }
}

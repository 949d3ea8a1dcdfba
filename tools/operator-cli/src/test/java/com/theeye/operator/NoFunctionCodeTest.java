package com.theeye.operator;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The operators' CLI calls AWS with the operator's credentials, never through a function's code: no
 * function is on its class path. `make check-permissions` counts a call as a function's when the
 * function's code made it, so a CLI that ran function code would have its calls checked against,
 * and granted to, a function's role.
 */
class NoFunctionCodeTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "com.theeye.ingest.IngestHandler",
        "com.theeye.processor.ProcessorHandler",
        "com.theeye.query.QueryHandler"
      })
  void noFunctionsCodeIsOnTheClassPath(String handler) {
    assertThrows(ClassNotFoundException.class, () -> Class.forName(handler));
  }
}

package com.theeye.testsupport;

import com.theeye.emulators.LocalLambdaContext;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A Lambda context for handler tests; it keeps what the handler logged so tests can read it. */
public final class TestLambdaContext extends LocalLambdaContext {

  private final List<String> logLines;

  public TestLambdaContext() {
    this(new CopyOnWriteArrayList<>(), null);
  }

  private TestLambdaContext(List<String> logLines, String xrayTraceHeader) {
    super(logLines::add, xrayTraceHeader);
    this.logLines = logLines;
  }

  /** A traced invocation's context: {@code xrayTraceHeader} as Lambda gives it. */
  public static TestLambdaContext traced(String xrayTraceHeader) {
    return new TestLambdaContext(new CopyOnWriteArrayList<>(), xrayTraceHeader);
  }

  /** Every line the handler logged, in order. */
  public List<String> logLines() {
    return List.copyOf(logLines);
  }
}

package com.theeye.testsupport;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/** A Lambda context for handler tests; it keeps what the handler logged so tests can read it. */
public final class TestLambdaContext implements Context {

  private final List<String> logLines = new CopyOnWriteArrayList<>();
  private final String requestId = UUID.randomUUID().toString();

  private final LambdaLogger logger =
      new LambdaLogger() {
        @Override
        public void log(String message) {
          logLines.add(message);
        }

        @Override
        public void log(byte[] message) {
          logLines.add(new String(message, StandardCharsets.UTF_8));
        }
      };

  /** Every line logged through {@link #getLogger()}, in order. */
  public List<String> logLines() {
    return List.copyOf(logLines);
  }

  @Override
  public String getAwsRequestId() {
    return requestId;
  }

  @Override
  public String getLogGroupName() {
    return "/aws/lambda/test";
  }

  @Override
  public String getLogStreamName() {
    return "test";
  }

  @Override
  public String getFunctionName() {
    return "test";
  }

  @Override
  public String getFunctionVersion() {
    return "$LATEST";
  }

  @Override
  public String getInvokedFunctionArn() {
    return "arn:aws:lambda:us-east-1:000000000000:function:test";
  }

  @Override
  public CognitoIdentity getIdentity() {
    return null;
  }

  @Override
  public ClientContext getClientContext() {
    return null;
  }

  @Override
  public int getRemainingTimeInMillis() {
    return 30_000;
  }

  @Override
  public int getMemoryLimitInMB() {
    return 1024;
  }

  @Override
  public LambdaLogger getLogger() {
    return logger;
  }
}

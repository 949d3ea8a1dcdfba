package com.theeye.processor;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A Lambda context whose logger keeps what is logged, so tests can read the function's log. */
final class RecordingContext implements Context {

  private final List<String> lines = new CopyOnWriteArrayList<>();

  private final LambdaLogger logger =
      new LambdaLogger() {
        @Override
        public void log(String message) {
          lines.add(message);
        }

        @Override
        public void log(byte[] message) {
          lines.add(new String(message, StandardCharsets.UTF_8));
        }
      };

  List<String> lines() {
    return lines;
  }

  @Override
  public LambdaLogger getLogger() {
    return logger;
  }

  @Override
  public String getAwsRequestId() {
    return "test-request";
  }

  @Override
  public String getLogGroupName() {
    return "/aws/lambda/the-eye-processor";
  }

  @Override
  public String getLogStreamName() {
    return "test";
  }

  @Override
  public String getFunctionName() {
    return "the-eye-processor";
  }

  @Override
  public String getFunctionVersion() {
    return "$LATEST";
  }

  @Override
  public String getInvokedFunctionArn() {
    return "arn:aws:lambda:us-east-1:123456789012:function:the-eye-processor";
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
    return 60_000;
  }

  @Override
  public int getMemoryLimitInMB() {
    return 512;
  }
}

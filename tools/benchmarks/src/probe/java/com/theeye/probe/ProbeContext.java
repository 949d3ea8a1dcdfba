package com.theeye.probe;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

/** The least Lambda context a handler needs; its log lines go to stderr, away from the result. */
final class ProbeContext implements Context {

  private final LambdaLogger logger =
      new LambdaLogger() {
        @Override
        public void log(String message) {
          System.err.println(message);
        }

        @Override
        public void log(byte[] message) {
          System.err.println(new String(message, java.nio.charset.StandardCharsets.UTF_8));
        }
      };

  @Override
  public String getAwsRequestId() {
    return "cold-start-probe";
  }

  @Override
  public String getLogGroupName() {
    return "probe";
  }

  @Override
  public String getLogStreamName() {
    return "probe";
  }

  @Override
  public String getFunctionName() {
    return "probe";
  }

  @Override
  public String getFunctionVersion() {
    return "$LATEST";
  }

  @Override
  public String getInvokedFunctionArn() {
    return "arn:aws:lambda:us-east-1:000000000000:function:probe";
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
    return 10_000;
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

package com.theeye.emulators;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The Lambda context a function sees when the local runner or a test calls its handler: fixed facts
 * about a function that is not deployed, a request id of its own and a remaining time counted down
 * from its creation (make one context per invocation, as Lambda does), and a logger that hands each
 * line to {@code sink}.
 */
public class LocalLambdaContext implements Context {

  /** The template's default function timeout (ProcessorTimeout, and within the others'). */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private final String requestId = UUID.randomUUID().toString();
  private final long deadline;
  private final String xrayTraceHeader;
  private final LambdaLogger logger;

  /** An untraced invocation, as {@code make run}'s: there is no X-Ray locally. */
  public LocalLambdaContext(Consumer<String> sink) {
    this(sink, DEFAULT_TIMEOUT);
  }

  /** An untraced invocation of a function whose timeout is {@code timeout}, starting now. */
  public LocalLambdaContext(Consumer<String> sink, Duration timeout) {
    this(sink, null, timeout);
  }

  /**
   * @param xrayTraceHeader the X-Ray tracing header Lambda would give a traced invocation ({@code
   *     Root=...;Parent=...;Sampled=1}), or null
   */
  protected LocalLambdaContext(Consumer<String> sink, String xrayTraceHeader) {
    this(sink, xrayTraceHeader, DEFAULT_TIMEOUT);
  }

  private LocalLambdaContext(Consumer<String> sink, String xrayTraceHeader, Duration timeout) {
    this.deadline = System.nanoTime() + timeout.toNanos();
    this.xrayTraceHeader = xrayTraceHeader;
    this.logger =
        new LambdaLogger() {
          @Override
          public void log(String message) {
            sink.accept(message);
          }

          @Override
          public void log(byte[] message) {
            sink.accept(new String(message, StandardCharsets.UTF_8));
          }
        };
  }

  @Override
  public String getAwsRequestId() {
    return requestId;
  }

  @Override
  public String getLogGroupName() {
    return "/aws/lambda/local";
  }

  @Override
  public String getLogStreamName() {
    return "local";
  }

  @Override
  public String getFunctionName() {
    return "local";
  }

  @Override
  public String getFunctionVersion() {
    return "$LATEST";
  }

  @Override
  public String getInvokedFunctionArn() {
    return "arn:aws:lambda:us-east-1:000000000000:function:local";
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
    return (int) Math.max(0, Duration.ofNanos(deadline - System.nanoTime()).toMillis());
  }

  @Override
  public int getMemoryLimitInMB() {
    return 1024;
  }

  @Override
  public LambdaLogger getLogger() {
    return logger;
  }

  @Override
  public String getXrayTraceId() {
    return xrayTraceHeader;
  }
}

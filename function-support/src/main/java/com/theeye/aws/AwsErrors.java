package com.theeye.aws;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * What a failed AWS call may say in a log line: the service's error code and HTTP status, or, when
 * no answer came, the failure's type and its cause's. Never the message: a service may quote the
 * request it refused (SQS the body, DynamoDB the item), and that is event content.
 */
public final class AwsErrors {

  private AwsErrors() {}

  /**
   * E.g. {@code ProvisionedThroughputExceededException (HTTP 400)}, {@code SdkClientException
   * (ConnectException)}.
   */
  public static String describe(SdkException e) {
    if (e instanceof AwsServiceException service) {
      AwsErrorDetails details = service.awsErrorDetails();
      String code = details == null || details.errorCode() == null ? "" : details.errorCode() + " ";
      return code + "(HTTP " + service.statusCode() + ")";
    }
    Throwable cause = e.getCause();
    return e.getClass().getSimpleName()
        + (cause == null ? "" : " (" + cause.getClass().getSimpleName() + ")");
  }
}

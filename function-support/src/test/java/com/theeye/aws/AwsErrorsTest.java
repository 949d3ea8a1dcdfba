package com.theeye.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.ConnectException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

class AwsErrorsTest {

  @Test
  void aServiceErrorIsItsCodeAndStatusNeverItsMessage() {
    DynamoDbException refused =
        (DynamoDbException)
            DynamoDbException.builder()
                .statusCode(400)
                .message("One or more parameter values were invalid: {\"path\":\"/secret\"}")
                .awsErrorDetails(
                    AwsErrorDetails.builder()
                        .errorCode("ValidationException")
                        .errorMessage(
                            "One or more parameter values were invalid: {\"path\":\"/secret\"}")
                        .build())
                .build();

    assertEquals("ValidationException (HTTP 400)", AwsErrors.describe(refused));
  }

  @Test
  void aServiceErrorWithoutDetailsIsItsStatus() {
    assertEquals(
        "(HTTP 503)", AwsErrors.describe(DynamoDbException.builder().statusCode(503).build()));
  }

  @Test
  void aFailureWithoutAnAnswerIsItsTypeAndItsCausesType() {
    SdkClientException unreachable =
        SdkClientException.create(
            "Unable to execute HTTP request: Connect to 127.0.0.1:1 failed",
            new ConnectException("Connection refused"));

    assertEquals("SdkClientException (ConnectException)", AwsErrors.describe(unreachable));
    assertEquals(
        "ApiCallTimeoutException", AwsErrors.describe(ApiCallTimeoutException.create(5000)));
  }
}

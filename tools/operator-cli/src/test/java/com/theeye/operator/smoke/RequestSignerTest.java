package com.theeye.operator.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

class RequestSignerTest {

  @Test
  void leavesTheLocalRunnerUnsigned() {
    assertNull(RequestSigner.forBase(URI.create("http://127.0.0.1:8000"), Map.of()));
    assertNull(RequestSigner.forBase(URI.create("http://localhost:8000"), Map.of()));
  }

  @Test
  void takesTheRegionFromTheExecuteApiHostName() {
    assertEquals(
        "eu-west-1",
        RequestSigner.region(
            URI.create("https://a1b2c3.execute-api.eu-west-1.amazonaws.com"),
            Map.of("AWS_REGION", "us-east-1")));
  }

  @Test
  void needsAwsRegionForACustomDomain() {
    URI custom = URI.create("https://events.example.com");
    assertEquals("us-east-1", RequestSigner.region(custom, Map.of("AWS_REGION", "us-east-1")));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> RequestSigner.region(custom, Map.of()));
    assertTrue(e.getMessage().contains("AWS_REGION"), e.getMessage());
  }

  @Test
  void signsForExecuteApiInTheApisRegion() {
    RequestSigner signer =
        new RequestSigner(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")),
            "eu-west-1");
    URI uri =
        URI.create("https://a1b2c3.execute-api.eu-west-1.amazonaws.com/api/v1/events?session_id=x");

    HttpRequest request = signer.signGet(uri, HttpRequest.newBuilder(uri).GET()).build();

    String authorization = request.headers().firstValue("Authorization").orElseThrow();
    assertTrue(authorization.startsWith("AWS4-HMAC-SHA256 "), authorization);
    assertTrue(
        authorization.contains("Credential=AKIDEXAMPLE/")
            && authorization.contains("/eu-west-1/execute-api/aws4_request"),
        authorization);
    assertTrue(request.headers().firstValue("X-Amz-Date").isPresent(), request.headers()::toString);
  }
}

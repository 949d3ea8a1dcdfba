package com.theeye.testsupport;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/** Where a test JVM's SQS and DynamoDB live: local emulators, or LocalStack in Docker. */
interface EmulatorBackend extends AutoCloseable {

  Region REGION = Region.US_EAST_1;

  /** Emulators accept any signature; the SDK still insists on signing with something. */
  AwsCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

  String description();

  URI sqsEndpoint();

  URI dynamoDbEndpoint();

  @Override
  void close();
}

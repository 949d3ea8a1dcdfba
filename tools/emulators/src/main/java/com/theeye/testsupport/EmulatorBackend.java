package com.theeye.testsupport;

import com.theeye.emulators.LocalEmulators;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/** Where a test JVM's SQS and DynamoDB live: local emulators, or LocalStack in Docker. */
interface EmulatorBackend extends AutoCloseable {

  Region REGION = LocalEmulators.REGION;

  AwsCredentialsProvider CREDENTIALS = LocalEmulators.CREDENTIALS;

  String description();

  URI sqsEndpoint();

  URI dynamoDbEndpoint();

  @Override
  void close();

  /** The local emulators seen as a backend. */
  static EmulatorBackend of(LocalEmulators emulators) {
    return new EmulatorBackend() {
      @Override
      public String description() {
        return emulators.description();
      }

      @Override
      public URI sqsEndpoint() {
        return emulators.sqsEndpoint();
      }

      @Override
      public URI dynamoDbEndpoint() {
        return emulators.dynamoDbEndpoint();
      }

      @Override
      public void close() {
        emulators.close();
      }
    };
  }
}

package com.theeye.emulators;

import java.net.URI;
import java.nio.file.Path;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * ElasticMQ embedded in this JVM for SQS, dynalite as a child process for DynamoDB: both on
 * loopback.
 */
public final class LocalEmulators implements AutoCloseable {

  /** The region local clients claim; the emulators do not care which. */
  public static final Region REGION = Region.US_EAST_1;

  /** Emulators accept any signature; the SDK still insists on signing with something. */
  public static final AwsCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));

  private final SQSRestServer elasticMq;
  private final URI sqsEndpoint;
  private volatile Dynalite dynalite;

  private LocalEmulators(SQSRestServer elasticMq, URI sqsEndpoint, Dynalite dynalite) {
    this.elasticMq = elasticMq;
    this.sqsEndpoint = sqsEndpoint;
    this.dynalite = dynalite;
  }

  /**
   * Starts both emulators.
   *
   * @param dynamoDbData where dynalite keeps its tables, or null for memory only
   */
  public static LocalEmulators start(Path repoRoot, Path dynamoDbData) {
    Dynalite dynalite = Dynalite.start(repoRoot, dynamoDbData);
    try {
      int port = FreePorts.pick();
      SQSRestServer elasticMq =
          SQSRestServerBuilder.withInterface("127.0.0.1")
              .withPort(port)
              .withServerAddress(new NodeAddress("http", "127.0.0.1", port, ""))
              .start();
      elasticMq.waitUntilStarted();
      return new LocalEmulators(elasticMq, URI.create("http://127.0.0.1:" + port), dynalite);
    } catch (RuntimeException e) {
      dynalite.close();
      // ElasticMQ waits a minute for its HTTP server to bind, then fails with Pekko's own words.
      throw new IllegalStateException("ElasticMQ (SQS) did not start: " + e.getMessage(), e);
    }
  }

  public String description() {
    return "ElasticMQ at " + sqsEndpoint + ", dynalite at " + dynalite.endpoint();
  }

  public URI sqsEndpoint() {
    return sqsEndpoint;
  }

  public URI dynamoDbEndpoint() {
    return dynalite.endpoint();
  }

  /**
   * Restarts dynalite if it died, on the same port and data.
   *
   * @return a sentence for the operator when it had died, empty when it runs
   * @throws IllegalStateException when it died and cannot be started again; its message says why it
   *     exited
   */
  public synchronized java.util.Optional<String> reviveDynamoDb() {
    if (dynalite.isAlive()) {
      return java.util.Optional.empty();
    }
    String why =
        "dynalite (DynamoDB) exited with status "
            + dynalite.exitValue()
            + dynalite.exitReason().map(reason -> " (" + reason + ")").orElse("");
    try {
      dynalite = dynalite.restarted();
    } catch (IllegalStateException e) {
      throw new IllegalStateException(why + "; restarting it failed: " + e.getMessage(), e);
    }
    return java.util.Optional.of(why + ": restarted at " + dynalite.endpoint());
  }

  @Override
  public void close() {
    try {
      elasticMq.stopAndWait();
    } finally {
      dynalite.close();
    }
  }
}

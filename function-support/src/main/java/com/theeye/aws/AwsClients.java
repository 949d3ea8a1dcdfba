package com.theeye.aws;

import com.theeye.config.EnvironmentException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Builds the SDK clients, once per execution environment, the way AWS recommends for Lambda cold
 * starts: an explicit region and credentials provider (no provider-chain probing) and the
 * lightweight URL-connection HTTP client.
 *
 * @param region where the queue and tables live
 * @param endpoint an emulator's address, or empty for AWS itself
 * @param credentials who signs the requests
 * @param apiCallTimeout the most one SDK call may take, retries included, so callers are never left
 *     hanging
 */
public record AwsClients(
    Region region,
    Optional<URI> endpoint,
    AwsCredentialsProvider credentials,
    Duration apiCallTimeout) {

  /** The most one SDK call of a function may take on AWS, its retries included. */
  public static final Duration DEFAULT_API_CALL_TIMEOUT = Duration.ofSeconds(5);

  /**
   * Settings for a Lambda execution environment: the region from {@code AWS_REGION} and the
   * credentials Lambda puts in the environment. Outside Lambda (operators' tools) the SDK's default
   * chain is used instead.
   *
   * @throws EnvironmentException when {@code AWS_REGION} is not set
   */
  public static AwsClients fromEnvironment(Map<String, String> env) {
    String region = env.get("AWS_REGION");
    if (region == null || region.isBlank()) {
      throw EnvironmentException.notSet("AWS_REGION");
    }
    AwsCredentialsProvider credentials =
        env.containsKey("AWS_ACCESS_KEY_ID")
            ? EnvironmentVariableCredentialsProvider.create()
            : DefaultCredentialsProvider.builder().build();
    return new AwsClients(
        Region.of(region), Optional.empty(), credentials, DEFAULT_API_CALL_TIMEOUT);
  }

  /** Settings for an emulator (ElasticMQ, dynalite, LocalStack) at {@code endpoint}. */
  public static AwsClients forEndpoint(
      URI endpoint, Region region, AwsCredentialsProvider credentials, Duration apiCallTimeout) {
    return new AwsClients(region, Optional.of(endpoint), credentials, apiCallTimeout);
  }

  public DynamoDbClient dynamoDb() {
    return build(DynamoDbClient.builder());
  }

  /**
   * Any service's client with these settings, e.g. {@code build(SqsClient.builder())}: each
   * function declares, and so carries, only the SDK modules it calls. What the builder already
   * overrides (an execution interceptor, say) is kept.
   */
  public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder) {
    builder
        .region(region)
        .credentialsProvider(credentials)
        .httpClient(httpClient())
        .overrideConfiguration(overrides(builder.overrideConfiguration()));
    endpoint.ifPresent(builder::endpointOverride);
    return builder.build();
  }

  private SdkHttpClient httpClient() {
    return UrlConnectionHttpClient.builder()
        .connectionTimeout(Duration.ofSeconds(2))
        .socketTimeout(apiCallTimeout)
        .build();
  }

  private ClientOverrideConfiguration overrides(ClientOverrideConfiguration given) {
    // Standard mode: throttling and 5xx are retried with jittered backoff, within the call timeout.
    return (given == null ? ClientOverrideConfiguration.builder() : given.toBuilder())
        .retryStrategy(RetryMode.STANDARD)
        .apiCallTimeout(apiCallTimeout)
        .build();
  }
}

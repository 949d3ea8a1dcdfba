package com.theeye.ingest;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.theeye.aws.AwsClients;
import com.theeye.http.ApiGatewayHandler;
import com.theeye.signing.CursorKeys;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Lambda entry point behind API Gateway: {@link IngestService} answers, {@link ApiGatewayHandler}
 * does the rest. {@link IngestPriming} runs before SnapStart's snapshot. It names {@code
 * RequestStreamHandler} again because the template checks look for the Lambda interface on the
 * handler class itself.
 */
public final class IngestHandler extends ApiGatewayHandler implements RequestStreamHandler {

  /**
   * Called by Lambda once per execution environment: configuration is read and clients built here,
   * once.
   */
  public IngestHandler() {
    this(IngestConfig.fromEnv(System.getenv()), System.getenv());
    registerForSnapStart();
  }

  private IngestHandler(IngestConfig config, Map<String, String> env) {
    this(fromEnvironment(config, env), config.metricsNamespace());
  }

  /**
   * @param metricsNamespace where each accepted request's {@code EventsAccepted} is published
   */
  public IngestHandler(IngestService service, String metricsNamespace) {
    super(
        "ingest request",
        service::handle,
        IngestPriming.of(service),
        Optional.of(metricsNamespace));
  }

  private static IngestService fromEnvironment(IngestConfig config, Map<String, String> env) {
    AwsClients clients = AwsClients.fromEnvironment(env);
    // Read when the first receipt is signed or looked up, never here at init (CursorKeys says why).
    CursorKeys receiptKeys =
        CursorKeys.fromSecret(
            clients.build(SecretsManagerClient.builder()),
            config.cursorSecretArn(),
            config.cursorKeyRefresh(),
            Clock.systemUTC(),
            System.out::println);
    return IngestService.create(
        config,
        clients.build(SqsClient.builder()),
        clients.dynamoDb(),
        Clock.systemUTC(),
        receiptKeys);
  }
}

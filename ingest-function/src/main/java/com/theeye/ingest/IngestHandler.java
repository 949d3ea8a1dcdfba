package com.theeye.ingest;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.theeye.aws.AwsClients;
import com.theeye.http.ApiGatewayHandler;
import java.time.Clock;
import java.util.Map;
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
    this(fromEnvironment(System.getenv()));
    registerForSnapStart();
  }

  public IngestHandler(IngestService service) {
    super("ingest request", service::handle, IngestPriming.of(service));
  }

  private static IngestService fromEnvironment(Map<String, String> env) {
    IngestConfig config = IngestConfig.fromEnv(env);
    AwsClients clients = AwsClients.fromEnvironment(env);
    return IngestService.create(
        config, clients.build(SqsClient.builder()), clients.dynamoDb(), Clock.systemUTC());
  }
}
